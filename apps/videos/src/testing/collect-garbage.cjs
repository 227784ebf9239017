// Preloaded (`node --expose-gc --require …`) into a service process whose memory a test measures:
// a young-generation collection every 25 ms (cheap; it frees the sockets' short-lived read
// buffers), so what stays resident is what the code holds, not garbage V8 would otherwise keep
// until its own external-memory trigger, some 60 MB later.
setInterval(() => globalThis.gc?.({ type: 'minor' }), 25).unref();
