// Imported first by every benchmark: the product's logger reads KEMAI_LOG_LEVEL when its module loads,
// and one log line per request would be measured as part of the API's cost.
// KEMAI_BENCH_LOG_LEVEL=warn shows the product's warnings and errors (e.g. batches redone guarded)
process.env.KEMAI_LOG_LEVEL = process.env.KEMAI_BENCH_LOG_LEVEL ?? 'silent'
