-- Sample schema and seed data for the demo (healthcare). Resident IDs carry valid GB 11643 check
-- characters; names include compound surnames.
create table if not exists public.patients (
    patient_no  varchar(20) primary key,
    full_name   varchar(40) not null,
    id_card     char(18) not null,
    phone       varchar(16),
    email       varchar(80),
    birth_date  date
);
create table if not exists public.visits (
    visit_id    serial primary key,
    patient_no  varchar(20) references public.patients,
    visited_on  date not null,
    diagnosis   text,
    notes       text
);
insert into public.patients values
    ('P0001', '张三', '110101199003071233', '13812345678', 'zhangsan@example.com', '1990-03-07'),
    ('P0002', '欧阳娜娜', '11010519491231002X', '13987654321', 'ouyang.nana@example.cn', '1949-12-31'),
    ('P0003', '李四', '440305198807150015', '15011112222', 'lisi@example.org', '1988-07-15')
on conflict do nothing;
insert into public.visits (patient_no, visited_on, diagnosis, notes) values
    ('P0001', '2026-10-02', 'Hypertension', 'follow up in 3 months'),
    ('P0002', '2026-10-05', 'Type 2 diabetes', 'diet plan given');
