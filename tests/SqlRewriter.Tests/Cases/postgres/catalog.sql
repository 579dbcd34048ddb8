-- The schema behind catalog.json. catalog.json was produced from a PostgreSQL 15 database holding exactly
-- these objects with PostgresCatalogLoader (CatalogJson.Save); re-create it the same way after editing.
create table public.patients (
    patient_no  varchar(20) primary key,
    full_name   varchar(40) not null,
    id_card     char(18) not null,
    phone       varchar(16),
    email       varchar(80),
    birth_date  date
);
create table public.visits (
    visit_id    int primary key,
    patient_no  varchar(20) references public.patients,
    visited_on  date not null,
    diagnosis   text,
    notes       text
);
create schema hr;
create table hr.employees (id int primary key, name text, salary numeric(12,2), phone text);

-- Clean tables, and tables matched by the glob rules (*.*.phone, *.*.email, *.*.id_number).
create table public.audit_events (id int, payload text, created_at timestamptz);
create table public.contacts (id int, name text, phone text, email text);
create table public.id_docs (id int, id_number text, issued date);
-- Case folding: "Patients" is a different table from patients; rules name patients only.
create table public."Patients" (id int, full_name text, note text);
-- Inheritance: partitions of a covered parent are covered like the parent.
create table public.lab_results (patient_no varchar(20), taken_on date, phone text, result text) partition by range (taken_on);
create table public.lab_results_2026 partition of public.lab_results for values from ('2026-01-01') to ('2027-01-01');

-- search_path: a schema shadowing patients, and a schema named like a login ($user).
create schema app;
create table app.patients (patient_no varchar(20), nickname text);
create schema analyst;
create table analyst.scratch (id int, note text);

-- Views.
create view public.patient_contacts as select patient_no, full_name, phone, email from public.patients;
create view public.patient_directory as select c.patient_no, c.full_name from public.patient_contacts c;
create view public.visit_summary as
    select v.visit_id, v.visited_on, p.full_name, v.diagnosis
    from public.visits v join public.patients p on p.patient_no = v.patient_no;
create view public.patient_initials as select patient_no, left(full_name, 1) as initial from public.patients;
create view public.visit_counts as select patient_no, count(*) as visit_count from public.visits group by patient_no;
create view public.born_before_2000 as select patient_no, birth_date from public.patients where birth_date < '2000-01-01';
create view hr.staff as select id, name from hr.employees;
create materialized view public.phone_book as select full_name, phone from public.patients;

-- Functions and procedures.
create function public.patient_count() returns bigint language sql stable as 'select count(*) from public.patients';
create function public.find_patient(p_id text) returns setof public.patients language sql stable
    as $$ select * from public.patients where id_card = p_id $$;
create function public.lookup_name(p_no text) returns text language plpgsql security definer
    as $$ begin return (select full_name from public.patients where patient_no = p_no); end $$;
create function public.secdef_noop() returns integer language sql security definer as 'select 1';
create function public.add_one(x integer) returns integer language sql immutable as 'select x + 1';
create function public.normalize_phone(p text) returns text language plpgsql immutable
    as $$ begin return regexp_replace(p, '\D', '', 'g'); end $$;
create function public.dyn_count(t text) returns bigint language plpgsql
    as $$ declare n bigint; begin execute 'select count(*) from ' || t into n; return n; end $$;
create function public.visit_notes(id integer) returns text language sql stable
    return (select notes from public.visits where visit_id = id);
create function public.set_path() returns void language plpgsql
    as $$ begin perform set_config('search_path', 'app', false); end $$;
create procedure public.archive_visits(before date) language sql
    as $$ delete from public.visits where visited_on < before $$;
create procedure public.touch_audit() language sql as $$ insert into public.audit_events (id) values (0) $$;
create function public.peek_eq(a text, b text) returns boolean language sql stable
    as 'select exists (select 1 from public.patients where id_card = a) and a = b';
create operator public.=== (leftarg = text, rightarg = text, function = public.peek_eq);
create function public.my_lower(text) returns text language internal immutable strict as 'lower';
