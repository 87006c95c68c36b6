import type { ActInput } from '#server/workflow/act-on-request'

// Who acts on a request in tests that call the workflow directly: a user row's id with the console
// role the test needs (sign-in gives roles from Keycloak; here the test says them). The label is
// what the audit log records as the actor's name.

export type WorkflowActor = ActInput['actor']

export const staff = (id: string, label = 'agency staff'): WorkflowActor => ({ id, roles: ['agency_staff'], label })

export const operator = (id: string, label = 'operator'): WorkflowActor => ({ id, roles: ['dc_operator'], label })

export const officer = (id: string, label = 'security officer'): WorkflowActor => ({
  id,
  roles: ['security_officer'],
  label,
})
