/**
 * The rate methods as the page names and colours them: the library's method catalogue, read and
 * never copied (one label, one short heading and one colour per method, as in the CLI's figures).
 */
import { type MethodInfo, type MethodKey, methodInfo } from 'kramers';

/** A method's catalogue entry (its label, short heading, colour and definition). */
export function method(key: MethodKey): MethodInfo {
  return methodInfo(key)!;
}
