-- 0088_endpoint_directions: an endpoint that regressions follow is keyed by its direction too.
--
-- endpoint_days and regressions keyed an endpoint by (system, stack, job, service port, remote
-- address): a DB2 that is both the DRDA server on 446 and a requester to another DB2's 446 (MQ's
-- CHIN on 1414 likewise) had its inbound service and its outbound requests to the same peer taken
-- for one endpoint, so a new weak requester connection was reported as the DDF server going
-- "secure to weak", and the weak_crypto alert due for it was not raised (review 16a F4). Both
-- tables keep the direction (`inbound`, `outbound`, `unknown`), and the endpoint index has it
-- after the job. The rows of earlier versions have none: every day with endpoint days is
-- summarized again by the next ingest.
ALTER TABLE endpoint_days ADD COLUMN direction TEXT;
ALTER TABLE regressions ADD COLUMN direction TEXT;
DROP INDEX endpoint_days_endpoint;
CREATE INDEX endpoint_days_endpoint
    ON endpoint_days (system, stack, job, direction, service_port, remote_ip, capture_date);

INSERT INTO summaries_pending (system, stack, capture_date)
SELECT DISTINCT system, stack, capture_date FROM endpoint_days
EXCEPT SELECT system, stack, capture_date FROM summaries_pending;
