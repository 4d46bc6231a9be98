using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// Stored renderings of invoices for the list (<c>EfInvoiceRenderings</c>; issue 11: a page of 100 invoices in
    /// under 1.5 ms). One row per invoice: the JSON a page writes for it, and a <c>version</c> that every change to
    /// what the rendering is made of moves, in the transaction that makes the change, by triggers: the invoice's row,
    /// its lines (<c>invoice_items</c>), and, while the invoice shows its customer's current fields (a draft, or no
    /// frozen <c>customer_snapshot</c>), the customer's row. A trigger also empties <c>body</c>. A reader that finds no
    /// body renders the invoice and stores it only if <c>version</c> is still the one it read before reading the
    /// invoice, so a rendering is never stored over a change it did not see. In the database, not in the application, so
    /// that no write path (EF Core's, a hand-written statement's, a future one's) can forget it. No migration model change:
    /// EF Core maps the columns a page reads (<c>StoredInvoiceRendering</c>) with the table excluded from migrations,
    /// and only the triggers and the page's hand-written UPDATE write it.
    /// </summary>
    [DbContext(typeof(PaymentRecordsDbContext))]
    [Migration("20261130160000_InvoiceRenderings")]
    public partial class InvoiceRenderings : Migration
    {
        /// <summary>Whether an invoice's rendering shows its customer's current row (the same test as <c>InvoiceRendering</c>'s, or wider).</summary>
        private const string LiveCustomer =
            "(NEW.status = 'draft' OR json_typeof(NEW.attributes -> 'customer_snapshot') IS DISTINCT FROM 'object')";

        /// <summary>
        /// Moves a rendering's version once per transaction: a row this transaction already moved (<c>changed_by</c>, its
        /// 64-bit id, which never repeats) cannot be stored over before the commit, so a second change in the same
        /// transaction writes nothing more.
        /// </summary>
        private const string Bump = "SET version = version + 1, body = NULL, changed_by = pg_current_xact_id()";
        private const string NotYetBumped = "changed_by <> pg_current_xact_id()";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                CREATE TABLE invoice_renderings (
                    account_id text NOT NULL,
                    invoice_id text NOT NULL,
                    customer_id text NOT NULL,
                    live_customer boolean NOT NULL,
                    version bigint NOT NULL,
                    changed_by xid8 NOT NULL,
                    body bytea,
                    CONSTRAINT pk_invoice_renderings PRIMARY KEY (account_id, invoice_id)
                );
                -- As every table's (migration AccountIdWithoutStatistics): a fresh account is never in the statistics.
                ALTER TABLE invoice_renderings ALTER COLUMN account_id SET STATISTICS 0;
                CREATE INDEX ix_invoice_renderings_live_customer ON invoice_renderings (account_id, customer_id) WHERE live_customer;

                DO $$ BEGIN
                    ALTER TABLE invoice_renderings ALTER COLUMN body SET COMPRESSION lz4;
                EXCEPTION WHEN feature_not_supported THEN NULL; -- a server built without lz4 keeps pglz
                END $$;

                INSERT INTO invoice_renderings (account_id, invoice_id, customer_id, live_customer, version, changed_by, body)
                SELECT account_id, id, customer_id,
                       status = 'draft' OR json_typeof(attributes -> 'customer_snapshot') IS DISTINCT FROM 'object', 1,
                       pg_current_xact_id(), NULL
                FROM invoices;

                CREATE FUNCTION invoice_renderings_invoice_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO invoice_renderings (account_id, invoice_id, customer_id, live_customer, version, changed_by, body)
                        VALUES (NEW.account_id, NEW.id, NEW.customer_id, {{LiveCustomer}}, 1, pg_current_xact_id(), NULL);
                    ELSIF TG_OP = 'UPDATE' THEN
                        UPDATE invoice_renderings {{Bump}}, live_customer = {{LiveCustomer}}
                        WHERE account_id = NEW.account_id AND invoice_id = NEW.id
                          AND ({{NotYetBumped}} OR live_customer IS DISTINCT FROM {{LiveCustomer}});
                    ELSE
                        DELETE FROM invoice_renderings WHERE account_id = OLD.account_id AND invoice_id = OLD.id;
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER invoice_renderings_invoice AFTER INSERT OR UPDATE OR DELETE ON invoices
                    FOR EACH ROW EXECUTE FUNCTION invoice_renderings_invoice_changed();

                CREATE FUNCTION invoice_renderings_line_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'INSERT' AND OLD.invoice_id IS NOT NULL THEN
                        UPDATE invoice_renderings {{Bump}}
                        WHERE account_id = OLD.account_id AND invoice_id = OLD.invoice_id AND {{NotYetBumped}};
                    END IF;
                    IF TG_OP <> 'DELETE' AND NEW.invoice_id IS NOT NULL
                       AND (TG_OP = 'INSERT' OR NEW.invoice_id IS DISTINCT FROM OLD.invoice_id) THEN
                        UPDATE invoice_renderings {{Bump}}
                        WHERE account_id = NEW.account_id AND invoice_id = NEW.invoice_id AND {{NotYetBumped}};
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER invoice_renderings_line AFTER INSERT OR UPDATE OR DELETE ON invoice_items
                    FOR EACH ROW EXECUTE FUNCTION invoice_renderings_line_changed();

                CREATE FUNCTION invoice_renderings_customer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE invoice_renderings {{Bump}}
                    WHERE account_id = OLD.account_id AND customer_id = OLD.id AND live_customer AND {{NotYetBumped}};
                    RETURN NULL;
                END $$;
                CREATE TRIGGER invoice_renderings_customer AFTER UPDATE OR DELETE ON customers
                    FOR EACH ROW EXECUTE FUNCTION invoice_renderings_customer_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS invoice_renderings_customer ON customers;
                DROP TRIGGER IF EXISTS invoice_renderings_line ON invoice_items;
                DROP TRIGGER IF EXISTS invoice_renderings_invoice ON invoices;
                DROP FUNCTION IF EXISTS invoice_renderings_customer_changed();
                DROP FUNCTION IF EXISTS invoice_renderings_line_changed();
                DROP FUNCTION IF EXISTS invoice_renderings_invoice_changed();
                DROP TABLE IF EXISTS invoice_renderings;
                """);
        }
    }
}
