-- Query corpus for the leak oracle: what an analyst might run against the sample schemas
-- (policies/sample/healthcare.sql and finance.sql, both loaded into one database).
--
-- Format:
--   * Blocks are separated by blank lines. A block is one text, sent as one simple Query message; it may
--     hold several statements (BEGIN; ...; ROLLBACK; keeps DML from changing the sample data).
--   * Lines starting with "--" are comments. Directives are comments starting with "-- @":
--       -- @policy NAME   every following block runs under policies/NAME.yaml (sticky until the next one);
--                        a block reads only the schema of its policy, so the other policy cannot matter
--       -- @fails         this block errors in the database even for an exempt login (it checks that error
--                        messages carry masked values only)
--   * No blank lines inside a statement.
-- The oracle: as `analyst` (or `support`) a block is either denied or none of its results, notices or
-- error messages contains a raw value of a character column the policy masks for that login; as `dba`
-- (exempt, and allowed to write the tables the DML blocks touch) it runs unchanged, failing only where
-- marked @fails. QueryCorpusTests checks exactly this without the proxy.
-- Literal values below exist in the seed; values a query spells out itself do not count as leaks.

-- @policy healthcare

-- Plain reads: *, t.*, aliases, views, TABLE.
SELECT * FROM healthcare.patients;

SELECT p.* FROM healthcare.patients AS p WHERE p.gender = 'F';

SELECT patient_id, full_name, id_number, mobile, email, address, birth_date FROM healthcare.patients ORDER BY patient_id;

SELECT full_name AS name, mobile AS phone FROM healthcare.patient_contacts ORDER BY patient_id LIMIT 10;

SELECT doctor_id, full_name, department, mobile, email FROM healthcare.doctors;

TABLE healthcare.visits;

-- Predicates on covered columns: resident-id compares raw values (predicates: allow), the others the
-- masked ones, clinical-text refuses them (predicates: deny).
SELECT patient_id, full_name, id_number FROM healthcare.patients WHERE id_number = '650102197806127694';

SELECT full_name, mobile FROM healthcare.patients WHERE mobile LIKE '138%';

SELECT count(*) FROM healthcare.patients WHERE email LIKE '%@example.com';

SELECT full_name || '(' || gender || ')' FROM healthcare.patients WHERE address LIKE '北京市%';

SELECT patient_id, full_name FROM healthcare.patients WHERE id_number IN (SELECT id_number FROM healthcare.patients WHERE gender = 'M');

SELECT d.* FROM healthcare.diagnoses d WHERE d.description LIKE '%糖尿病%';

SELECT full_name, id_number FROM healthcare.patients WHERE substr(id_number, 7, 4) < '1950';

SELECT count(*) FROM healthcare.patients WHERE (full_name, mobile) IN (SELECT full_name, mobile FROM healthcare.patient_contacts);

-- Joins, LATERAL.
SELECT p.full_name, p.mobile, v.visited_at, v.department, v.chief_complaint, v.notes FROM healthcare.patients p JOIN healthcare.visits v ON v.patient_id = p.patient_id ORDER BY v.visit_id;

SELECT p.medical_record_no, d.icd10_code, d.description FROM healthcare.patients p JOIN healthcare.visits v USING (patient_id) JOIN healthcare.diagnoses d USING (visit_id) WHERE d.is_primary;

SELECT doc.full_name AS doctor, pat.full_name AS patient, pat.id_number FROM healthcare.visits v JOIN healthcare.doctors doc ON doc.doctor_id = v.doctor_id JOIN healthcare.patients pat ON pat.patient_id = v.patient_id WHERE doc.department = '心内科';

SELECT p.full_name, d.icd10_code FROM healthcare.patients p, healthcare.visits v, healthcare.diagnoses d WHERE v.patient_id = p.patient_id AND d.visit_id = v.visit_id AND d.icd10_code LIKE 'E11%';

SELECT * FROM healthcare.patients p NATURAL JOIN healthcare.visits v;

SELECT p.full_name, x.n FROM healthcare.patients p CROSS JOIN LATERAL (SELECT count(*) AS n FROM healthcare.visits v WHERE v.patient_id = p.patient_id) x ORDER BY x.n DESC, p.patient_id LIMIT 10;

SELECT p.full_name, rx.drug_name, rx.prescribed_at FROM healthcare.patients p LEFT JOIN LATERAL (SELECT pr.drug_name, pr.prescribed_at FROM healthcare.visits v JOIN healthcare.prescriptions pr USING (visit_id) WHERE v.patient_id = p.patient_id ORDER BY pr.prescribed_at DESC LIMIT 1) rx ON true;

-- Subqueries and CTEs (also recursive).
SELECT full_name, (SELECT max(v.visited_at) FROM healthcare.visits v WHERE v.patient_id = p.patient_id) AS last_visit FROM healthcare.patients p;

SELECT * FROM (SELECT full_name, id_number, mobile FROM healthcare.patients WHERE gender = 'M') AS men;

SELECT (SELECT id_number FROM healthcare.patients ORDER BY patient_id LIMIT 1) AS first_id;

VALUES ((SELECT full_name FROM healthcare.patients WHERE patient_id = 1), (SELECT mobile FROM healthcare.patients WHERE patient_id = 1));

WITH recent AS (SELECT patient_id, visited_at, notes FROM healthcare.visits WHERE visited_at >= '2025-06-01') SELECT p.full_name, r.* FROM recent r JOIN healthcare.patients p USING (patient_id);

WITH RECURSIVE ages(n) AS (SELECT 0 UNION ALL SELECT n + 10 FROM ages WHERE n < 90) SELECT a.n AS band, count(p.patient_id), string_agg(p.full_name, ',') FROM ages a LEFT JOIN healthcare.patients p ON extract(year FROM age(date '2026-01-01', p.birth_date)) >= a.n AND extract(year FROM age(date '2026-01-01', p.birth_date)) < a.n + 10 GROUP BY a.n ORDER BY a.n;

WITH RECURSIVE chars(i, ch) AS (SELECT 1, substr((SELECT id_number FROM healthcare.patients WHERE patient_id = 2), 1, 1) UNION ALL SELECT i + 1, substr((SELECT id_number FROM healthcare.patients WHERE patient_id = 2), i + 1, 1) FROM chars WHERE i < 18) SELECT string_agg(ch, '' ORDER BY i) FROM chars;

-- Set operations.
SELECT full_name, mobile FROM healthcare.patients UNION SELECT full_name, mobile FROM healthcare.doctors ORDER BY 1;

SELECT mobile FROM healthcare.patients INTERSECT SELECT mobile FROM healthcare.patient_contacts;

SELECT email FROM healthcare.patients EXCEPT SELECT email FROM healthcare.doctors;

SELECT medical_record_no FROM healthcare.patients UNION SELECT full_name FROM healthcare.doctors;

-- Aggregates, GROUP BY / ORDER BY covered columns.
SELECT gender, count(*), min(birth_date), max(birth_date) FROM healthcare.patients GROUP BY gender;

SELECT left(id_number, 2) AS province, count(*) FROM healthcare.patients GROUP BY 1 ORDER BY 2 DESC, 1;

SELECT birth_date, count(*) FROM healthcare.patients GROUP BY birth_date ORDER BY birth_date;

SELECT string_agg(full_name, ', ' ORDER BY full_name) FROM healthcare.patients WHERE gender = 'F';

SELECT medical_record_no, count(*) FROM healthcare.patients p JOIN healthcare.visits v USING (patient_id) GROUP BY medical_record_no;

SELECT medical_record_no FROM healthcare.patients ORDER BY medical_record_no;

SELECT count(*) FILTER (WHERE email IS NULL) AS no_email, count(email), count(DISTINCT address) FROM healthcare.patients;

SELECT department, count(*) FROM healthcare.visits GROUP BY department HAVING max(visited_at) > '2025-06-01';

SELECT full_name, mobile FROM healthcare.patients ORDER BY mobile DESC LIMIT 5;

SELECT DISTINCT address FROM healthcare.patients;

-- String functions and casts over covered columns.
SELECT upper(email), lower(full_name), length(address), substr(id_number, 7, 8) AS birth, right(mobile, 4) FROM healthcare.patients;

SELECT translate(id_number, '0123456789', 'abcdefghij'), encode(convert_to(full_name, 'UTF8'), 'hex') FROM healthcare.patients;

SELECT birth_date::text, to_char(birth_date, 'YYYY-MM-DD'), extract(year FROM birth_date), age(date '2026-01-01', birth_date) FROM healthcare.patients;

SELECT coalesce(email, mobile, '(none)'), greatest(birth_date, date '1970-01-01'), least(mobile, email) FROM healthcare.patients;

SELECT pg_typeof(id_number), id_number IS NULL, char_length(id_number) FROM healthcare.patients LIMIT 1;

SELECT ROW(full_name, id_number)::text FROM healthcare.patients;

-- @fails
SELECT id_number::bigint FROM healthcare.patients ORDER BY patient_id DESC;

-- @fails
SELECT to_date(address, 'YYYY-MM-DD') FROM healthcare.patients;

-- JSON builders and whole-row references.
SELECT row_to_json(d) FROM healthcare.doctors d;

SELECT json_agg(c) FROM healthcare.patient_contacts c;

SELECT json_agg(json_build_object('name', full_name, 'id', id_number, 'mobile', mobile)) FROM healthcare.patients;

SELECT row_to_json(p) FROM healthcare.patients p;

SELECT to_jsonb(v) FROM healthcare.visits v WHERE v.visit_id <= 5;

-- Window functions.
SELECT full_name, lag(mobile) OVER (ORDER BY patient_id), first_value(id_number) OVER (ORDER BY patient_id) FROM healthcare.patients;

SELECT patient_id, visited_at, row_number() OVER w, notes FROM healthcare.visits WINDOW w AS (PARTITION BY patient_id ORDER BY visited_at);

-- COPY (query) TO STDOUT and COPY table TO STDOUT.
COPY (SELECT full_name, id_number, mobile FROM healthcare.patients) TO STDOUT;

COPY (SELECT * FROM healthcare.doctors) TO STDOUT WITH (FORMAT csv, HEADER);

COPY healthcare.visits TO STDOUT;

-- DML with RETURNING, rolled back.
BEGIN; UPDATE healthcare.visits SET fee = fee + 1 WHERE visit_id = 1 RETURNING visit_id, visited_at, chief_complaint, notes, fee; ROLLBACK;

BEGIN; INSERT INTO healthcare.visits (patient_id, doctor_id, visited_at, visit_type, department, chief_complaint, notes, fee) VALUES (1, 1, '2026-01-05 09:30', 'outpatient', '心内科', '复诊', '血压控制可', 25.00) RETURNING *; ROLLBACK;

BEGIN; DELETE FROM healthcare.prescriptions WHERE prescription_id = 1 RETURNING *; ROLLBACK;

BEGIN; INSERT INTO healthcare.prescriptions (visit_id, drug_name, dosage, quantity, unit_price, prescribed_at) SELECT visit_id, '维生素C片', '0.1g 每日三次', 30, 0.10, visited_at FROM healthcare.visits WHERE visit_id <= 3 RETURNING prescription_id, visit_id, prescribed_at; ROLLBACK;

BEGIN; CREATE TEMP TABLE hc_copy AS SELECT full_name, id_number, mobile FROM healthcare.patients; SELECT * FROM hc_copy; ROLLBACK;

-- Cursors, EXPLAIN ANALYZE, dynamic SQL.
BEGIN; DECLARE cur CURSOR FOR SELECT full_name, mobile, id_number FROM healthcare.patients ORDER BY patient_id; FETCH 5 FROM cur; CLOSE cur; ROLLBACK;

EXPLAIN ANALYZE SELECT p.full_name, count(*) FROM healthcare.patients p JOIN healthcare.visits v USING (patient_id) GROUP BY p.full_name;

EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) SELECT full_name, mobile FROM healthcare.patient_contacts WHERE email IS NOT NULL;

DO $$ BEGIN PERFORM count(*) FROM healthcare.patients; END $$;

-- @policy finance

-- Plain reads.
SELECT * FROM finance.customers ORDER BY customer_id;

SELECT * FROM finance.customer_accounts WHERE account_type = 'credit';

SELECT * FROM finance.employees;

TABLE finance.accounts;

SELECT t.* FROM finance.transactions t WHERE t.txn_type = 'transfer' ORDER BY t.txn_id LIMIT 30;

-- Predicates: resident-id and card-number compare raw values (predicates: allow), salary refuses them.
SELECT a.account_id, a.card_no, a.balance FROM finance.accounts a WHERE a.card_no = '6216614008721575188';

SELECT customer_id, full_name FROM finance.customers WHERE full_name LIKE '欧阳%';

SELECT * FROM finance.customers WHERE birth_date BETWEEN '1980-01-01' AND '1989-12-31';

SELECT txn_id, amount FROM finance.transactions WHERE amount < -10000 ORDER BY txn_id;

SELECT employee_no, full_name FROM finance.employees WHERE salary > 30000;

SELECT customer_id, full_name, mobile FROM finance.customers WHERE id_number LIKE '110%' OR id_number LIKE '310%';

-- Joins, LATERAL.
SELECT c.full_name, a.card_no, t.amount, t.counterparty_card, t.counterparty_name FROM finance.transactions t JOIN finance.accounts a ON a.account_id = t.account_id JOIN finance.customers c ON c.customer_id = a.customer_id WHERE t.txn_type = 'transfer' ORDER BY t.txn_id LIMIT 50;

SELECT src.card_no AS from_card, dst.card_no AS to_card, t.amount FROM finance.transactions t JOIN finance.accounts src ON src.account_id = t.account_id JOIN finance.accounts dst ON dst.card_no = t.counterparty_card;

SELECT c.full_name, a.card_no FROM finance.customers c LEFT JOIN finance.accounts a ON a.customer_id = c.customer_id AND a.status = 'active';

SELECT e.full_name, m.full_name AS manager, e.mobile FROM finance.employees e LEFT JOIN finance.employees m ON m.employee_id = e.manager_id;

SELECT c.full_name, last_txn.* FROM finance.customers c CROSS JOIN LATERAL (SELECT t.txn_time, t.amount, t.counterparty_name FROM finance.transactions t JOIN finance.accounts a ON a.account_id = t.account_id WHERE a.customer_id = c.customer_id ORDER BY t.txn_time DESC LIMIT 1) AS last_txn;

-- Subqueries and CTEs (also recursive).
SELECT full_name FROM finance.customers c WHERE EXISTS (SELECT 1 FROM finance.accounts a WHERE a.customer_id = c.customer_id AND a.balance > 100000);

SELECT card_no FROM finance.accounts WHERE customer_id = ANY (SELECT customer_id FROM finance.customers WHERE risk_level = 'R5');

WITH c AS MATERIALIZED (SELECT * FROM finance.customers) SELECT full_name, id_number, email FROM c WHERE risk_level IN ('R4', 'R5');

WITH RECURSIVE chain AS (SELECT employee_id, full_name, manager_id, 1 AS depth, full_name::text AS path FROM finance.employees WHERE manager_id IS NULL UNION ALL SELECT e.employee_id, e.full_name, e.manager_id, c.depth + 1, c.path || ' > ' || e.full_name FROM finance.employees e JOIN chain c ON e.manager_id = c.employee_id) SELECT * FROM chain ORDER BY path;

WITH RECURSIVE months(m) AS (SELECT date '2025-01-01' UNION ALL SELECT (m + interval '1 month')::date FROM months WHERE m < date '2025-06-01') SELECT m, (SELECT sum(amount) FROM finance.transactions t WHERE t.txn_time >= m AND t.txn_time < m + interval '1 month') AS total FROM months;

WITH RECURSIVE flow(card, hops, trail) AS (SELECT a.card_no::text, 0, a.card_no::text FROM finance.accounts a WHERE a.account_id = 17 UNION ALL SELECT t.counterparty_card::text, f.hops + 1, f.trail || '->' || t.counterparty_card FROM flow f JOIN finance.accounts a ON a.card_no = f.card JOIN finance.transactions t ON t.account_id = a.account_id WHERE f.hops < 3 AND t.counterparty_card IS NOT NULL) SELECT * FROM flow;

-- Set operations.
SELECT customer_id::text AS k, full_name AS v FROM finance.customers UNION ALL SELECT employee_no, full_name FROM finance.employees;

SELECT card_no FROM finance.accounts UNION SELECT counterparty_card FROM finance.transactions WHERE counterparty_card IS NOT NULL;

SELECT mobile FROM finance.customers INTERSECT SELECT mobile FROM finance.customer_accounts;

SELECT id_number FROM finance.customers EXCEPT SELECT id_number FROM finance.employees;

-- Aggregates, GROUP BY / ORDER BY covered columns.
SELECT department, count(*), round(avg(salary), 2), sum(salary), max(salary) FROM finance.employees GROUP BY department ORDER BY department;

SELECT c.risk_level, count(DISTINCT c.customer_id), sum(a.balance) FROM finance.customers c JOIN finance.accounts a USING (customer_id) GROUP BY ROLLUP (c.risk_level);

SELECT date_trunc('month', txn_time) AS month, channel, sum(amount), count(*) FROM finance.transactions GROUP BY 1, 2 ORDER BY 1, 2;

SELECT array_agg(mobile ORDER BY mobile) FROM finance.customers WHERE risk_level = 'R1';

SELECT mode() WITHIN GROUP (ORDER BY full_name) FROM finance.customers;

SELECT t.counterparty_name, count(*), sum(t.amount) FROM finance.transactions t GROUP BY t.counterparty_name ORDER BY 2 DESC, 1 LIMIT 10;

SELECT CASE WHEN mobile LIKE '13%' THEN 'old' ELSE 'new' END AS generation, count(*) FROM finance.customers GROUP BY 1;

SELECT card_no, balance FROM finance.accounts ORDER BY balance DESC, card_no LIMIT 10;

SELECT DISTINCT ON (customer_id) customer_id, card_no FROM finance.accounts ORDER BY customer_id, card_no;

SELECT full_name, salary FROM finance.employees ORDER BY salary DESC;

-- String functions and casts over covered columns.
SELECT split_part(email, '@', 1), replace(mobile, '*', '#'), reverse(id_number), md5(full_name) FROM finance.customers;

SELECT format('%s <%s>', full_name, email), concat_ws('|', id_number, mobile, address) FROM finance.customers;

SELECT regexp_replace(card_no, '(\d{4})', '\1 ', 'g') FROM finance.accounts;

SELECT salary::int, round(salary, -2), (salary * 12)::numeric(12,2) FROM finance.employees;

SELECT amount::text || ' CNY', abs(amount), txn_time AT TIME ZONE 'Asia/Shanghai', memo FROM finance.transactions ORDER BY txn_id LIMIT 20;

SELECT unnest(ARRAY[full_name, mobile, email]) FROM finance.customers WHERE customer_id <= 3;

SELECT CAST(mobile AS numeric) + 1 FROM finance.customers;

-- @fails
SELECT card_no::int FROM finance.accounts;

-- JSON builders, XML, whole-row references.
SELECT row_to_json(c) FROM finance.customers c;

SELECT jsonb_build_object('card', card_no, 'balance', balance) FROM finance.accounts;

SELECT to_jsonb(e) - 'salary' FROM finance.employees e;

SELECT json_object_agg(customer_id, email) FROM finance.customers;

SELECT c FROM finance.customers c ORDER BY c.customer_id LIMIT 5;

SELECT xmlelement(name customer, xmlattributes(full_name AS name), mobile) FROM finance.customers LIMIT 5;

-- Window functions.
SELECT full_name, department, salary, rank() OVER (PARTITION BY department ORDER BY salary DESC) FROM finance.employees;

SELECT txn_id, account_id, amount, sum(amount) OVER (PARTITION BY account_id ORDER BY txn_time) AS running FROM finance.transactions;

SELECT e.full_name, e.salary, avg(e.salary) OVER (PARTITION BY e.department) FROM finance.employees e;

-- COPY (query) TO STDOUT: copy_out is deny in this policy.
COPY (SELECT full_name, card_no FROM finance.customer_accounts) TO STDOUT;

COPY (SELECT customer_id, risk_level FROM finance.customers) TO STDOUT WITH (FORMAT csv);

-- DML with RETURNING, rolled back.
BEGIN; UPDATE finance.transactions SET channel = 'online' WHERE counterparty_card = '6225887197780436' RETURNING txn_id, counterparty_card, counterparty_name, amount; ROLLBACK;

BEGIN; DELETE FROM finance.transactions WHERE txn_id = (SELECT max(txn_id) FROM finance.transactions) RETURNING *; ROLLBACK;

BEGIN; INSERT INTO finance.transactions (account_id, txn_time, amount, txn_type, channel, counterparty_card, counterparty_name, memo) VALUES (1, '2025-07-01 10:00+08', -88.00, 'purchase', 'pos', NULL, '便利店', NULL) RETURNING *; ROLLBACK;

BEGIN; INSERT INTO finance.transactions (account_id, txn_time, amount, txn_type, channel, counterparty_card, counterparty_name, memo) SELECT account_id, '2025-07-01 10:00+08', 1.00, 'transfer', 'online', card_no, '测试', NULL FROM finance.accounts WHERE account_id = 1 RETURNING txn_id; ROLLBACK;

BEGIN; SELECT full_name, email INTO TEMP fin_copy FROM finance.customers; ROLLBACK;

-- Prepared statements, cursors, EXPLAIN ANALYZE.
PREPARE by_customer(int) AS SELECT full_name, card_no, balance FROM finance.customer_accounts WHERE customer_id = $1; EXECUTE by_customer(4); DEALLOCATE by_customer;

BEGIN; DECLARE big CURSOR FOR SELECT c.full_name, a.card_no, a.balance FROM finance.customers c JOIN finance.accounts a USING (customer_id) ORDER BY a.balance DESC; FETCH 3 FROM big; ROLLBACK;

EXPLAIN ANALYZE SELECT c.full_name, sum(t.amount) FROM finance.customers c JOIN finance.accounts a USING (customer_id) JOIN finance.transactions t USING (account_id) GROUP BY c.full_name;

EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) SELECT full_name, id_number FROM finance.customers WHERE mobile LIKE '139%';
