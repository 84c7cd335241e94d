-- A run keeps all its scan settings as one JSON job parameter (dev.mppcensus.census.ScanSettings),
-- which with many --connect-to rules outgrows Spring Batch's VARCHAR(2500) parameter column. Spring
-- Batch reads and writes the column as a string of any length, so text changes nothing else.

ALTER TABLE batch_job_execution_params ALTER COLUMN parameter_value TYPE text;
