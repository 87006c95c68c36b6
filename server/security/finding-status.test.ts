import { describe, expect, it } from 'vitest'
import {
  dueAt,
  findingStatus,
  latestWaiverExpiry,
  waivedUntil,
  waiverCovers,
  type FindingFacts,
  type WaiverFacts,
} from './finding-status'

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000)
const finding: FindingFacts = {
  projectId: 'p1',
  checkId: 'GC-WL-02',
  subjectKind: 'Deployment',
  subjectNamespace: 'ns-a',
  subjectName: 'web',
  severity: 'high',
  firstSeenAt: day(0),
  resolvedAt: null,
}
const waiver: WaiverFacts = {
  projectId: 'p1',
  checkId: 'GC-WL-02',
  subjectKind: null,
  subjectNamespace: null,
  subjectName: null,
  state: 'approved',
  expiresAt: day(60),
}

describe('a finding’s status', () => {
  it('is open, then overdue once open longer than its severity allows', () => {
    expect(dueAt(finding)).toEqual(day(30))
    expect(findingStatus(finding, [], day(29))).toBe('open')
    expect(findingStatus(finding, [], day(30))).toBe('overdue')
    expect(dueAt({ ...finding, severity: 'critical' })).toEqual(day(7))
  })

  it('is waived while an approved waiver of its project covers its check or its very subject', () => {
    expect(findingStatus(finding, [waiver], day(40))).toBe('waived')
    const forSubject = { ...waiver, subjectKind: 'Deployment', subjectNamespace: 'ns-a', subjectName: 'web' }
    expect(waiverCovers(forSubject, finding, day(1))).toBe(true)
    expect(waiverCovers({ ...forSubject, subjectName: 'api' }, finding, day(1))).toBe(false)
    expect(waiverCovers({ ...waiver, projectId: 'p2' }, finding, day(1))).toBe(false)
    expect(waiverCovers({ ...waiver, checkId: 'GC-WL-03' }, finding, day(1))).toBe(false)
    for (const state of ['requested', 'rejected', 'withdrawn', 'revoked', 'expired'])
      expect(waiverCovers({ ...waiver, state }, finding, day(1)), state).toBe(false)
  })

  it('opens again when its waiver expires, overdue if it was due meanwhile', () => {
    expect(findingStatus(finding, [waiver], day(60))).toBe('overdue')
    expect(findingStatus({ ...finding, severity: 'low' }, [waiver], day(60))).toBe('open')
  })

  it('is waived until the latest expiry of the waivers covering it', () => {
    const later = {
      ...waiver,
      subjectKind: 'Deployment',
      subjectNamespace: 'ns-a',
      subjectName: 'web',
      expiresAt: day(80),
    }
    expect(
      waivedUntil(finding, [waiver, later, { ...waiver, checkId: 'GC-WL-03', expiresAt: day(90) }], day(1)),
    ).toEqual(day(80))
    expect(waivedUntil(finding, [waiver], day(60))).toBeNull()
  })

  it('is resolved whatever waivers say', () => {
    expect(findingStatus({ ...finding, resolvedAt: day(2) }, [waiver], day(3))).toBe('resolved')
  })

  it('limits a waiver by severity, never beyond a year', () => {
    expect(latestWaiverExpiry('critical', day(0))).toEqual(day(30))
    expect(latestWaiverExpiry('high', day(0))).toEqual(day(90))
    expect(latestWaiverExpiry('low', day(0))).toEqual(day(365))
  })
})
