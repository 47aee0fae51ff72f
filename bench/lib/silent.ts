// Imported first by every benchmark: the product's logger reads KEMAI_LOG_LEVEL when its module loads,
// and one log line per request would be measured as part of the API's cost.
process.env.KEMAI_LOG_LEVEL = 'silent'
