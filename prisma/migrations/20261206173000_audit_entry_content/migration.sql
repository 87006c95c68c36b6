-- Each audit entry keeps the exact bytes its hash covers (decision 0036, "What is hashed is stored"), so
-- verifying is hashing bytes as they are read rather than writing them again from the columns.
ALTER TABLE "AuditEntry" ADD COLUMN "content" TEXT;

-- Hand-written below: the existing entries' content, written in SQL exactly as server/audit/chain.ts
-- entryContent writes it from what Prisma reads back (JavaScript's JSON.stringify of the canonical
-- value: object keys with JavaScript's own order, array indices first then by UTF-16 code units;
-- numbers as JavaScript writes a double; strings escaped as to_json does, which is JSON.stringify's
-- escaping for any text PostgreSQL can hold). tests/integration/audit/content-migration.test.ts
-- runs this file on entries the console wrote and compares byte for byte. The functions are this
-- migration's alone and are dropped at its end: chain.ts stays the one definition of the bytes.

-- The e of a positive numeric written 0.ddd × 10^e, read from its plain text (no logarithm to round).
CREATE FUNCTION pg_temp.audit_exponent(a numeric) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN a >= 1 THEN length(split_part(a::text, '.', 1))
    ELSE -(length(split_part(a::text, '.', 2)) - length(ltrim(split_part(a::text, '.', 2), '0'))) END
$$;

-- A JSON number as JavaScript writes the double it parses to (ECMAScript Number::toString): the
-- fewest significant digits that read back as the same double, laid out as JavaScript lays them
-- out. PostgreSQL's float8 text is not always that: -3.2780819665640592e+16 where JavaScript
-- writes -32780819665640590 (the lower bound of the double's interval, which JavaScript accepts).
CREATE FUNCTION pg_temp.audit_js_number(n numeric) RETURNS text LANGUAGE plpgsql IMMUTABLE
SET extra_float_digits = 1 AS $$
DECLARE
  d float8 := n::float8;
  -- The double's own shortest text (Ryu) rather than n, which need not be the nearest to it:
  -- 9007199254740993 is the double 9007199254740992.
  r numeric := abs(d::text::numeric);
  c numeric;
  digits text;
  e int;
  k int;
  written text;
BEGIN
  IF d = 0 THEN RETURN '0'; END IF;
  FOR k IN 1..17 LOOP
    c := round(r, k - pg_temp.audit_exponent(r));
    -- (a candidate rounded up past the largest double reads as no double at all)
    EXIT WHEN CASE WHEN c >= 1.797693134862315807e308 THEN false ELSE sign(n) * c::float8 = d END;
  END LOOP;
  -- c = 0.digits × 10^e, with k digits.
  e := pg_temp.audit_exponent(c);
  digits := rtrim(ltrim(replace(c::text, '.', ''), '0'), '0');
  k := length(digits);
  IF k <= e AND e <= 21 THEN written := digits || repeat('0', e - k);
  ELSIF 0 < e AND e <= 21 THEN written := left(digits, e) || '.' || substr(digits, e + 1);
  ELSIF -6 < e AND e <= 0 THEN written := '0.' || repeat('0', -e) || digits;
  ELSE
    written := left(digits, 1) || CASE WHEN k > 1 THEN '.' || substr(digits, 2) ELSE '' END
      || 'e' || CASE WHEN e - 1 >= 0 THEN '+' ELSE '-' END || abs(e - 1)::text;
  END IF;
  RETURN CASE WHEN n < 0 THEN '-' || written ELSE written END;
END $$;

-- A text as a list of UTF-16 code units, the order in which JavaScript sorts strings.
CREATE FUNCTION pg_temp.audit_utf16(s text) RETURNS int[] LANGUAGE sql IMMUTABLE AS $$
  WITH chars AS (SELECT ascii(c) AS cp, ord FROM regexp_split_to_table(s, '') WITH ORDINALITY AS t (c, ord))
  SELECT coalesce(array_agg(unit ORDER BY n), '{}') FROM (
    SELECT ord * 2 AS n, CASE WHEN cp < 65536 THEN cp ELSE 55296 + ((cp - 65536) >> 10) END AS unit FROM chars
    UNION ALL
    SELECT ord * 2 + 1, 56320 + ((cp - 65536) & 1023) FROM chars WHERE cp >= 65536
  ) units
$$;

-- canonicalJson of a stored before/after value.
CREATE FUNCTION pg_temp.audit_js_json(v jsonb) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  CASE jsonb_typeof(v)
    WHEN 'object' THEN
      RETURN '{' || coalesce((
        SELECT string_agg(to_json(key)::text || ':' || pg_temp.audit_js_json(value), ',' ORDER BY
          CASE WHEN is_index THEN key::bigint END, -- (nulls last)
          pg_temp.audit_utf16(key))
        -- Array indices (0 … 2^32 − 2 written plainly) come first in numeric order, as JavaScript keeps them.
        FROM (SELECT key, value, CASE WHEN key ~ '^(0|[1-9][0-9]{0,9})$' THEN key::bigint <= 4294967294 ELSE false END AS is_index
              FROM jsonb_each(v)) AS members), '') || '}';
    WHEN 'array' THEN
      RETURN '[' || coalesce((
        SELECT string_agg(pg_temp.audit_js_json(value), ',' ORDER BY ord)
        FROM jsonb_array_elements(v) WITH ORDINALITY AS e (value, ord)), '') || ']';
    WHEN 'string' THEN RETURN to_json(v #>> '{}')::text;
    WHEN 'number' THEN RETURN pg_temp.audit_js_number((v #>> '{}')::numeric);
    ELSE RETURN v::text;
  END CASE;
END $$;

-- entryContent: the fields in canonical key order, the seq as a decimal string, the time in ISO 8601.
CREATE FUNCTION pg_temp.audit_entry_content(e "AuditEntry") RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT '{"action":' || to_json(e."action")::text
    || ',"actorId":' || coalesce(to_json(e."actorId")::text, 'null')
    || ',"actorLabel":' || to_json(e."actorLabel")::text
    || ',"after":' || coalesce(pg_temp.audit_js_json(e."after"), 'null')
    || ',"agencyId":' || coalesce(to_json(e."agencyId"::text)::text, 'null')
    || ',"at":"' || to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"'
    || ',"before":' || coalesce(pg_temp.audit_js_json(e."before"), 'null')
    || ',"entityId":' || to_json(e."entityId")::text
    || ',"entityType":' || to_json(e."entityType")::text
    || ',"outcome":' || to_json(e."outcome")::text
    || ',"prevHash":' || to_json(e."prevHash")::text
    || ',"seq":"' || e."seq"::text || '"'
    || ',"sourceIp":' || coalesce(to_json(e."sourceIp")::text, 'null')
    || ',"userAgent":' || coalesce(to_json(e."userAgent")::text, 'null')
    || '}'
$$;

-- The trail is append-only by trigger, for the owner too (decision 0033): this one fill is the
-- exception, in this migration's transaction. A row whose columns were changed before today gets
-- the content of its columns as they are, which does not give its hash: the verifier names it
-- altered, as it did before.
ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only";
UPDATE "AuditEntry" AS e SET "content" = pg_temp.audit_entry_content(e) WHERE e."content" IS NULL;
ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only";
ALTER TABLE "AuditEntry" ALTER COLUMN "content" SET NOT NULL;
