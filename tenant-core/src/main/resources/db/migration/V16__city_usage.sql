-- Per-city usage for one month (利用状況), for the vendor's billing (docs/pages.md, "Vendor console").
-- Like kyodo_city_statistics(): SECURITY DEFINER, binds each non-deleted city in turn, returns counts and byte sums
-- only (never a row of personal data), and restores the caller's binding before returning. The month is a calendar
-- month in Japan time: from month_start 00:00 JST to the first day of the next month 00:00 JST.
--
-- citizens / staff: accounts (city_member) created before the month's end that still exist; staff are every role but
--   citizen (operator, staff, city-admin). An account removed since is not counted (no history of removals is kept).
-- questions: questions the concierge received on the month's days (concierge_usage.questions, counted per Japan day).
-- cases_opened: cases (inquiry_case) created in the month.
-- storage_bytes: bytes stored now (not at the month's end): case attachments (case_attachment.size_bytes), files of
--   applications (application_file.size_bytes) and knowledge-base documents (octet_length of the working copy of
--   knowledge_entry rows of kind DOCUMENT, as text). Search indexes and audit rows are not counted.
-- The tables of crm and agents are created by later migrations; plpgsql resolves them when the function runs.
CREATE FUNCTION kyodo_city_usage(month_start date) RETURNS TABLE (
        lg_code text, city_name text, prefecture text, status text,
        citizens bigint, staff bigint, questions bigint, cases_opened bigint, storage_bytes bigint)
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = ${flyway:defaultSchema}, pg_temp AS $$
DECLARE
    caller text := coalesce(current_setting('app.tenant_id', true), '');
    first_day date := date_trunc('month', month_start)::date;
    next_day date := (date_trunc('month', month_start) + interval '1 month')::date;
    from_at timestamptz := first_day::timestamp AT TIME ZONE 'Asia/Tokyo';
    to_at timestamptz := next_day::timestamp AT TIME ZONE 'Asia/Tokyo';
    c record;
    files bigint;
    documents bigint;
BEGIN
    FOR c IN SELECT * FROM city WHERE city.status <> 'DELETED' ORDER BY city.lg_code LOOP
        PERFORM set_config('app.tenant_id', c.id::text, true);
        lg_code := c.lg_code; city_name := c.name; prefecture := c.prefecture; status := c.status;
        SELECT count(*) FILTER (WHERE m.role = 'citizen'), count(*) FILTER (WHERE m.role <> 'citizen')
          INTO citizens, staff FROM city_member m WHERE m.created_at < to_at;
        SELECT coalesce(sum(u.questions), 0) INTO questions FROM concierge_usage u
         WHERE u.day >= first_day AND u.day < next_day;
        SELECT count(*) INTO cases_opened FROM inquiry_case x WHERE x.created_at >= from_at AND x.created_at < to_at;
        SELECT coalesce(sum(a.size_bytes), 0) INTO files FROM case_attachment a;
        storage_bytes := files;
        SELECT coalesce(sum(f.size_bytes), 0) INTO files FROM application_file f;
        storage_bytes := storage_bytes + files;
        SELECT coalesce(sum(octet_length(k.content::text)), 0) INTO documents FROM knowledge_entry k
         WHERE k.kind = 'DOCUMENT';
        storage_bytes := storage_bytes + documents;
        RETURN NEXT;
    END LOOP;
    PERFORM set_config('app.tenant_id', caller, true);
END $$;
REVOKE ALL ON FUNCTION kyodo_city_usage(date) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kyodo_city_usage(date) TO ${app_role};
