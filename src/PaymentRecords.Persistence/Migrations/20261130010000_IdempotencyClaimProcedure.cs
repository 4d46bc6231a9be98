using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// The Idempotency-Key claim as a procedure, so that it can ride in front of a request's first query
    /// (<c>Idempotency/ClaimRidesFirstQuery.cs</c>): a <c>CALL</c> of a procedure without output parameters returns no
    /// result set, so the query's reader sees only its own rows. It takes the same advisory lock as the other claims
    /// (never waiting for it) and raises <c>PR409</c> when a request in flight holds it, <c>PR200</c> when a response is
    /// stored for the key; <c>p_hold_seconds</c> (a test hook) holds the claimed lock before the query runs.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261130010000_IdempotencyClaimProcedure")]
    public partial class IdempotencyClaimProcedure : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE PROCEDURE claim_idempotency_key(p_account text, p_key text, p_hold_seconds double precision)
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF NOT pg_try_advisory_xact_lock(hashtextextended(p_account || ':' || p_key, 0)) THEN
                        RAISE EXCEPTION 'idempotency key in use' USING ERRCODE = 'PR409';
                    END IF;
                    IF EXISTS (SELECT 1 FROM idempotency_keys WHERE account_id = p_account AND key = p_key) THEN
                        RAISE EXCEPTION 'idempotency response stored' USING ERRCODE = 'PR200';
                    END IF;
                    IF p_hold_seconds > 0 THEN
                        PERFORM pg_sleep(p_hold_seconds);
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP PROCEDURE IF EXISTS claim_idempotency_key(text, text, double precision);");
        }
    }
}
