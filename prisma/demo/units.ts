// Byte units of the demo amounts (canonical units: bytes).
export const GiB = 1024n ** 3n
export const TiB = 1024n ** 4n
