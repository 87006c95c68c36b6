import { describe, expect, it } from 'vitest'
import { BLOCK_ALL_PUBLIC_ACCESS, type BucketState } from '../platform/storage/object-storage'
import { publicAccessOf, publicStatements } from './public-bucket'

const policy = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })
const read = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }

describe('publicStatements', () => {
  it('names the statements that allow everyone without a condition', () => {
    expect(publicStatements(policy({ ...read, Sid: 'AnyoneReads', Principal: '*' }))).toEqual(['AnyoneReads'])
    expect(publicStatements(policy({ ...read, Principal: { AWS: '*' } }))).toEqual(['#1'])
    expect(publicStatements(policy({ ...read, Principal: { AWS: ['arn:aws:iam::1:user/a', '*'] } }))).toEqual(['#1'])
    // A single statement written as an object, not a list.
    expect(publicStatements(JSON.stringify({ Statement: { ...read, Principal: '*' } }))).toEqual(['#1'])
  })

  it('leaves out named principals, denials and conditioned statements', () => {
    expect(publicStatements(null)).toEqual([])
    expect(publicStatements(policy({ ...read, Principal: { AWS: 'arn:aws:iam::1:user/a' } }))).toEqual([])
    expect(publicStatements(policy({ ...read, Effect: 'Deny', Principal: '*' }))).toEqual([])
    expect(
      publicStatements(policy({ ...read, Principal: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } })),
    ).toEqual([])
  })

  it('counts a text that is not a policy as public: it cannot be shown private', () => {
    expect(publicStatements('{not json')).toEqual(['(unreadable policy)'])
  })
})

describe('publicAccessOf', () => {
  const state: BucketState = {
    name: 'ns-a-data',
    versioning: 'Enabled',
    encryption: 'AES256',
    publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS,
    policy: null,
    publicGrants: [],
    lifecycle: [],
    quotaBytes: null,
    objectLock: { enabled: false, mode: null, days: null },
  }

  it('is null for a private bucket', () => {
    expect(publicAccessOf(state, null)).toBeNull()
  })

  it('takes the storage’s verdict, the policy text and grants that take effect', () => {
    expect(publicAccessOf(state, true)).toEqual({ policyPublic: true, statements: [], grants: [] })
    const open = { ...state, policy: policy({ ...read, Principal: '*' }) }
    expect(publicAccessOf(open, false)?.statements).toEqual(['#1'])
    const granted = { ...state, publicAccessBlock: null, publicGrants: ['AllUsers:READ'] }
    expect(publicAccessOf(granted, null)?.grants).toEqual(['AllUsers:READ'])
    // Grants the bucket ignores (IgnorePublicAcls) do not open it.
    expect(publicAccessOf({ ...granted, publicAccessBlock: BLOCK_ALL_PUBLIC_ACCESS }, null)).toBeNull()
  })
})
