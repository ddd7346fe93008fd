import {
  IndexSet,
  pointLocator,
  type SweepPoint,
  type SweepRecord,
  type SweepSink,
  sweepPoint,
  sweepPoints,
} from '../index.js';
import type { SweepPlan } from './sweepPlan.js';
import type { SweepStore } from './sweepStore.js';
import { openSweepStore } from './sweepStores.js';

/**
 * What a run knows of its store: which of the sweep's points are stored, as a bitset of their
 * indices (a million points: 128 kB, where a set of their keys held ~100 MB and the list of all
 * points before the first one ran ~1.8 GB), and how many records the store holds. A stored record
 * counts as a point of this sweep when its arguments trace back to a point (pointLocator) whose
 * key is the record's: the same command line under this version, so what was done before is done
 * now, exactly as when the run compared every point's key with a set of stored keys. Records of
 * other sweeps or versions keep their keys in `foreign`, to count them once.
 */
export class SweepLedger implements SweepSink {
  private readonly done = new IndexSet();
  private readonly foreign = new Set<string>();
  private readonly locate: (args: readonly string[]) => number;
  private store: SweepStore | undefined;

  constructor(private readonly plan: SweepPlan) {
    this.locate = pointLocator(plan.spec);
  }

  /** The index of the point of this sweep a record holds, or -1 (another sweep's, or version's). */
  private indexOf(record: SweepRecord): number {
    const index = this.locate(record.args);
    return index >= 0 && sweepPoint(this.plan.spec, this.plan.version, index).key === record.key
      ? index
      : -1;
  }

  private mine(index: number): boolean {
    return index >= 0 && index % this.plan.shard[1] === this.plan.shard[0];
  }

  /**
   * A record the store held when it opened: its point is done, unless `dropping` (--force) takes
   * this shard's points out of the store, to be computed again.
   */
  private read(record: SweepRecord, dropping: Set<string> | null): void {
    const index = this.indexOf(record);
    if (index < 0) this.foreign.add(record.key);
    else if (dropping && this.mine(index)) dropping.add(record.key);
    else if (this.done.add(index) && this.mine(index)) this.mineStored++;
  }

  /** This shard's points that are stored. */
  private mineStored = 0;

  /** Records in the store, each key once. */
  get stored(): number {
    return this.done.size + this.foreign.size;
  }

  /** This shard's points not stored when the run began: the points it runs. */
  get pending(): number {
    const [i, n] = this.plan.shard;
    const points = n === 1 ? this.plan.total : Math.ceil((this.plan.total - i) / n);
    return points - this.mineStored;
  }

  /** The points still to run, in the spec's order, one at a time (computed as they are taken). */
  pendingPoints(): Generator<SweepPoint> {
    return sweepPoints(this.plan.spec, this.plan.version, this.plan.shard, this.done);
  }

  /**
   * Stores a finished point's record, once per point: false for a point stored already. (Its key
   * is checked as a stored record's is: one hash, beside a point that runs for milliseconds.)
   */
  add(record: SweepRecord): boolean {
    const index = this.indexOf(record);
    const added = index >= 0 ? this.done.add(index) : !this.foreign.has(record.key);
    if (!added) return false;
    if (index < 0) this.foreign.add(record.key);
    this.store!.append(record);
    return true;
  }

  /**
   * Opens the store at `path`, learning what it holds; `force` drops this shard's points from it
   * (their keys are the one list this keeps, as --force always did).
   */
  async open(path: string, force: boolean, onRepair: (message: string) => void): Promise<void> {
    const dropping = force ? new Set<string>() : null;
    this.store = await openSweepStore(path, onRepair, (record) => this.read(record, dropping));
    if (dropping && dropping.size > 0) this.store.drop((record) => dropping.has(record.key));
  }

  get path(): string {
    return this.store!.path;
  }

  close(): void {
    this.store?.close();
  }
}
