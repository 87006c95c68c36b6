import { describe, expect, it } from 'vitest'
import { barsPath, legendMark, markerPlaces, markerShape, MAX_MARKERS } from './marks'

describe('marks', () => {
  it('gives each series a shape of its own, four in turn', () => {
    const shapes = [0, 1, 2, 3].map(markerShape)
    expect(new Set(shapes).size).toBe(4)
    expect(markerShape(5)).toBe(shapes[1])
  })

  it('places a marker on every point with an empty segment, none where they would merge', () => {
    const points = [
      { x: 72, y: 100 },
      { x: 85.4, y: 96.2 },
    ]
    expect(markerPlaces(points)).toBe('M72,100h0M85.4,96.2h0')
    const many = Array.from({ length: MAX_MARKERS + 1 }, (_, i) => ({ x: i, y: 10 }))
    expect(markerPlaces(many)).toBe('')
    expect(markerPlaces(many.slice(1)).match(/M/g)).toHaveLength(MAX_MARKERS)
    expect(markerPlaces([])).toBe('')
  })

  it('draws bars as rectangles of one path, and a swatch for the legend', () => {
    expect(barsPath([{ slot: 0, x: 80, y: 20, width: 30.5, height: 200 }])).toBe('M80,20h30.5v200h-30.5Z')
    expect(legendMark('bars')).toBe('M6,0h16v10h-16Z')
    expect(legendMark('line')).toBe('M14,5h0')
  })
})
