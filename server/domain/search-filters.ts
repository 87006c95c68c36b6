// The shapes of the filters that name an agency or a project in a search (the audit trail's, the
// findings', the operators' queue): a code or a namespace as the console makes them, checked for
// shape only, so a filter that names nothing finds nothing rather than being refused.
import { z } from 'zod'
import { AGENCY_CODE_MAX, AGENCY_CODE_MIN } from './agency'
import { DNS_LABEL_MAX } from './slug'

/** An agency's code, as a filter. */
export const agencyCodeFilter = z.string().regex(new RegExp(`^[a-z0-9-]{${AGENCY_CODE_MIN},${AGENCY_CODE_MAX}}$`))

/** A project's namespace, as a filter. */
export const namespaceFilter = z.string().regex(new RegExp(`^[a-z0-9-]{2,${DNS_LABEL_MAX}}$`))
