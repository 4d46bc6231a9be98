-- pgbench script: one round trip that does nothing (SELECT 1): what any statement costs before its own work.
SELECT 1;
