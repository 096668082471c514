/** Operational failures (not findings about a document), with stable codes. */
export type ErrorCode = 'E_READ' | 'E_USAGE' | 'E_CONFIG' | 'E_NO_INPUT' | 'E_WRITE';

export class BimiSvgError extends Error {
  override name = 'BimiSvgError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
