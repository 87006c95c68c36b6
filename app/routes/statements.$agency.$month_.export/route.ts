import type { LoaderFunctionArgs } from '@remix-run/node'
import { statementFile } from '../statements.$agency.$month/statement.server'

// GET /statements/<agency>/<month>/export?format=csv|xlsx[&version=n]: the statement's page as a
// file (issue 14, decision 0048), on the page's terms (statement.read on the agency). CSV through
// the console's one writer (UTF-8 with its mark, so Excel reads the diacritics); XLSX with number
// formats (server/statements/export.ts).
export async function loader({ request, params }: LoaderFunctionArgs) {
  return statementFile(request, params)
}
