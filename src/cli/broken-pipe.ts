// A reader that stops early (`eni-ips preview plan.yaml | head -1`) closes the pipe under our stdout;
// Node then reports EPIPE as an 'error' event, which unhandled crashes the process with a stack trace
// and exit 1 – the "violations" code – whatever the verdict was. Here that error ends the output
// quietly: the command runs to its end and the process exits with the code the run would have had.

const GONE = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);

/** Swallows the errors of writing to a stream whose reader has gone; anything else is re-thrown. */
export function quietOnBrokenPipe(stream: NodeJS.WritableStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (GONE.has(error.code ?? "")) return;
    throw error;
  });
}
