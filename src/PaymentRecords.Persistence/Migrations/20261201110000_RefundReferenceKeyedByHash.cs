using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// A refund's <c>refund_reference</c> stays unique per account, but its unique index keys on the reference's
    /// <c>md5</c> instead of the text. Stripe takes references of up to 5000 characters, and a B-tree entry holds at
    /// most 2704 bytes, so a long reference made the insert fail instead of being stored. Nothing looks a refund up by
    /// its reference (the index only enforces uniqueness, and <c>UniqueRules</c> maps a collision by the index's name,
    /// which is kept). The EF model still declares the plain index on (account_id, refund_reference); this migration
    /// is what the database holds.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261201110000_RefundReferenceKeyedByHash")]
    public partial class RefundReferenceKeyedByHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_payment_record_refunds_account_id_refund_reference;
                CREATE UNIQUE INDEX ix_payment_record_refunds_account_id_refund_reference
                    ON payment_record_refunds (account_id, md5(refund_reference));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_payment_record_refunds_account_id_refund_reference;
                CREATE UNIQUE INDEX ix_payment_record_refunds_account_id_refund_reference
                    ON payment_record_refunds (account_id, refund_reference);
                """);
        }
    }
}
