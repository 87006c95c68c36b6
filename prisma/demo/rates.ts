// The rate card and footprint coefficients a new console starts with (decision 0048): a plausible
// showback for a provincial data centre in 2026, in đồng, and Cloud Carbon Footprint's averages
// with Việt Nam's grid factor. Operators replace them with versions of their own from a later day.

export const firstRatesDate = '2026-01-01'

/** Price per billing unit (decimal text, at most 4 fractional digits) and the quantity charged. */
export const rateCardPrices = [
  { resource: 'cpu', price: '320', basis: 'max_requested_used' }, // ~233.600 đ per vCPU-month
  { resource: 'memory', price: '42.5', basis: 'max_requested_used' }, // ~31.000 đ per GiB-month
  { resource: 'gpu', price: '28000', basis: 'max_requested_used' },
  { resource: 'pods', price: '0', basis: 'granted' },
  { resource: 'buckets', price: '0', basis: 'granted' },
  { resource: 'volume:standard', price: '1500', basis: 'max_requested_used' },
  { resource: 'volume:fast', price: '3800', basis: 'max_requested_used' },
  { resource: 'objectStorage', price: '650', basis: 'used' },
  { resource: 'backupStorage', price: '450', basis: 'used' },
]

export const footprintFigures = {
  minWattsPerVcpu: '0.74',
  maxWattsPerVcpu: '3.5',
  fallbackCpuUtilisation: '0.5',
  memoryWhPerGibHour: '0.392',
  ssdWhPerTbHour: '1.2',
  hddWhPerTbHour: '0.65',
  pue: '1.6',
  gridKgCo2ePerKwh: '0.6592',
}

export const footprintMedia = [
  { resource: 'volume:standard', medium: 'hdd', replicas: 3 },
  { resource: 'volume:fast', medium: 'ssd', replicas: 2 },
  { resource: 'objectStorage', medium: 'hdd', replicas: 2 },
  { resource: 'backupStorage', medium: 'hdd', replicas: 1 },
]

export const footprintSource =
  'Cloud Carbon Footprint (AWS averages: W per vCPU, memory, SSD/HDD); PUE 1,6 assumed; Việt Nam grid factor 2023: 0,6592 tCO2/MWh (Cục Biến đổi khí hậu, Bộ TN&MT)'
