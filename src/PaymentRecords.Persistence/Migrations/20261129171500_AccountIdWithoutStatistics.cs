using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// No planner statistics on <c>account_id</c>. Users make a fresh account per test run, so the account a request
    /// names is almost never in the statistics: PostgreSQL then estimates it holds about one row and, for
    /// <c>account_id = $1 AND id = $2</c>, may pick any index that starts with <c>account_id</c> (the events lookup
    /// read every event of the account through <c>(account_id, type)</c>), so every write slowed down as the account
    /// grew. Without statistics the planner uses its default equality estimate (0.5% of the table) for any account,
    /// seen or not, and the unique <c>(account_id, id)</c> key wins every single-object lookup. Lists keep their
    /// <c>(account_id, created)</c> indexes. <c>PersistenceConventionsTests</c> checks that every table with an
    /// <c>account_id</c> has it, so a new table cannot forget.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261129171500_AccountIdWithoutStatistics")]
    public partial class AccountIdWithoutStatistics : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatisticsTarget(0) + """
                -- ANALYZE keeps a column's old statistics when its target becomes 0: drop them where allowed (a
                -- superuser owns the test clusters and the one scripts/run keeps).
                DO $$
                BEGIN
                    DELETE FROM pg_statistic s USING pg_attribute a, pg_class c, pg_namespace n
                    WHERE s.starelid = a.attrelid AND s.staattnum = a.attnum AND a.attname = 'account_id'
                      AND c.oid = a.attrelid AND n.oid = c.relnamespace AND n.nspname = current_schema();
                EXCEPTION WHEN insufficient_privilege THEN
                    RAISE NOTICE 'account_id statistics kept (not a superuser): a superuser can delete them from pg_statistic';
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StatisticsTarget(-1));
        }

        private static string StatisticsTarget(int target) => $$"""
            DO $$
            DECLARE r record;
            BEGIN
                FOR r IN SELECT c.table_name FROM information_schema.columns c
                         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                         WHERE c.table_schema = current_schema() AND c.column_name = 'account_id' AND t.table_type = 'BASE TABLE'
                LOOP
                    EXECUTE format('ALTER TABLE %I ALTER COLUMN account_id SET STATISTICS {{target}}', r.table_name);
                END LOOP;
            END $$;

            """;
    }
}
