using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// The scheduler's auto_advance drafts move from a partial index on <c>invoices</c> to a table of their own,
    /// <c>auto_advance_drafts</c>, kept by triggers in the transaction of the invoice's change (issue 11).
    /// <para>
    /// Why: the index <c>ix_invoices_auto_advance_drafts</c> (<c>WHERE status = 'draft' AND auto_advance</c>) made
    /// <c>status</c> an indexed column, and PostgreSQL makes no update HOT that changes an indexed column. So finalizing
    /// an invoice and paying it each wrote a new version into every index of the table (its key, its list order, its
    /// customer's list order), and a page of fresh invoices read about 2.6 index entries and heap tuples per invoice
    /// (bench/README.md, "Issue 11, tenth session"). Without it, an invoice's updates in the seed flow are all HOT,
    /// given room on the page: <c>fillfactor</c> 80 leaves it, on <c>invoices</c> and on the renderings their triggers
    /// bump (<c>invoice_renderings</c>). The setting applies to the pages written from now on.
    /// </para>
    /// <para>
    /// The table holds exactly the drafts the index held: a row per invoice with <c>status = 'draft'</c> and
    /// <c>auto_advance</c>, with its customer (for the customer's test clock) and when it is due
    /// (<c>COALESCE(automatically_finalizes_at, created + 3600)</c>). The triggers' WHEN clauses call the function only
    /// when the invoice enters or leaves the set, or a draft's time moves: the seed flow's other updates cost nothing.
    /// In the database, like the renderings' triggers, so that no write path can forget them.
    /// </para>
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261130193000_AutoAdvanceDrafts")]
    public partial class AutoAdvanceDrafts : Migration
    {
        private const string NewIn = "NEW.status = 'draft' AND NEW.auto_advance";
        private const string OldIn = "OLD.status = 'draft' AND OLD.auto_advance";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE TABLE auto_advance_drafts (
                    account_id text NOT NULL,
                    invoice_id text NOT NULL,
                    customer_id text NOT NULL,
                    due_at bigint NOT NULL,
                    CONSTRAINT pk_auto_advance_drafts PRIMARY KEY (account_id, invoice_id));
                ALTER TABLE auto_advance_drafts ALTER COLUMN account_id SET STATISTICS 0;
                CREATE INDEX ix_auto_advance_drafts_due_at ON auto_advance_drafts (due_at);

                CREATE FUNCTION pr_auto_advance_drafts() RETURNS trigger LANGUAGE plpgsql AS $fn$
                BEGIN
                    IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND NOT ({{NewIn}})) THEN
                        DELETE FROM auto_advance_drafts WHERE account_id = OLD.account_id AND invoice_id = OLD.id;
                    ELSE
                        INSERT INTO auto_advance_drafts (account_id, invoice_id, customer_id, due_at)
                        VALUES (NEW.account_id, NEW.id, NEW.customer_id, COALESCE(NEW.automatically_finalizes_at, NEW.created + 3600))
                        ON CONFLICT (account_id, invoice_id) DO UPDATE SET due_at = EXCLUDED.due_at;
                    END IF;
                    RETURN NULL;
                END
                $fn$;
                CREATE TRIGGER auto_advance_drafts_insert AFTER INSERT ON invoices FOR EACH ROW
                    WHEN ({{NewIn}}) EXECUTE FUNCTION pr_auto_advance_drafts();
                CREATE TRIGGER auto_advance_drafts_update AFTER UPDATE ON invoices FOR EACH ROW
                    WHEN (({{OldIn}}) IS DISTINCT FROM ({{NewIn}})
                          OR ({{NewIn}} AND OLD.automatically_finalizes_at IS DISTINCT FROM NEW.automatically_finalizes_at))
                    EXECUTE FUNCTION pr_auto_advance_drafts();
                CREATE TRIGGER auto_advance_drafts_delete AFTER DELETE ON invoices FOR EACH ROW
                    WHEN ({{OldIn}}) EXECUTE FUNCTION pr_auto_advance_drafts();

                INSERT INTO auto_advance_drafts (account_id, invoice_id, customer_id, due_at)
                SELECT account_id, id, customer_id, COALESCE(automatically_finalizes_at, created + 3600)
                FROM invoices WHERE status = 'draft' AND auto_advance;
                DROP INDEX ix_invoices_auto_advance_drafts;

                ALTER TABLE invoices SET (fillfactor = 80);
                ALTER TABLE invoice_renderings SET (fillfactor = 80);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE invoice_renderings RESET (fillfactor);
                ALTER TABLE invoices RESET (fillfactor);
                CREATE INDEX ix_invoices_auto_advance_drafts ON invoices ((COALESCE(automatically_finalizes_at, created + 3600)))
                    WHERE status = 'draft' AND auto_advance;
                DROP TRIGGER auto_advance_drafts_delete ON invoices;
                DROP TRIGGER auto_advance_drafts_update ON invoices;
                DROP TRIGGER auto_advance_drafts_insert ON invoices;
                DROP FUNCTION pr_auto_advance_drafts();
                DROP TABLE auto_advance_drafts;
                """);
        }
    }
}
