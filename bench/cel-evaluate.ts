// Benchmark (issue 13, decision 0038): what the console's evaluator of the CEL rules costs per
// object and check, over 10,000 objects of the conformance corpus judged at level 4. Baseline, in
// the same run: serialising each object as JSON, the least any judge of an object's whole content
// must do to read it. (This was a unit test with a loose time bound, which a loaded machine broke:
// figures belong to benchmarks.)
//
//   npx tsx bench/cel-evaluate.ts [--objects 10000] [--rounds 5]
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { CORPUS, CORPUS_PLATFORM, corpusNamespace, objectIn } from '#server/security/corpus'
import { evaluateObject } from '#server/security/evaluate'

const { values } = parseArgs({
  options: { objects: { type: 'string', default: '10000' }, rounds: { type: 'string', default: '5' } },
})
const COUNT = Number(values.objects)
const ROUNDS = Number(values.rounds)

const namespace = corpusNamespace('so-khcn-cong', 4)
const objects = Array.from({ length: COUNT }, (_, i) => objectIn(CORPUS[i % CORPUS.length]!, 'so-khcn-cong'))
const context = { namespace, level: 4 as const, platform: CORPUS_PLATFORM }
/** How many checks judge an object of this kind: the workload rules are five, the others one each. */
const checksOf = (kind: string) =>
  kind === 'Service' || kind === 'Ingress' || kind.endsWith('Binding') || kind === 'NetworkPolicy' ? 1 : 5
const checks = objects.reduce((sum, object) => sum + checksOf(object.kind), 0)

function timed(work: () => void): number {
  const started = performance.now()
  work()
  return performance.now() - started
}
const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!

let sink = 0
const evaluate = () => objects.forEach((object) => (sink += evaluateObject(object, context).length))
const serialise = () => objects.forEach((object) => (sink += JSON.stringify(object).length))
evaluate()
serialise()

const judged: number[] = []
const read: number[] = []
for (let round = 0; round < ROUNDS; round++) {
  judged.push(timed(evaluate))
  read.push(timed(serialise))
}
const perCheck = (median(judged) * 1000) / checks
console.log(`${COUNT} objects, ${checks} checks, level 4, load ${loadavg()[0]!.toFixed(1)}, median of ${ROUNDS} rounds`)
console.log(`| contender | ms | µs per object and check | ratio |`)
console.log(`| JSON.stringify of each object (baseline) | ${median(read).toFixed(1)} | – | 1.00× |`)
console.log(
  `| evaluateObject | ${median(judged).toFixed(1)} | ${perCheck.toFixed(2)} | ${(median(judged) / median(read)).toFixed(1)}× |`,
)
if (sink < 0) console.log(sink)
