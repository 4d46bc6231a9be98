using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TimeAndTestClocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "test_clock_id",
                table: "customers",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "due_work",
                columns: table => new
                {
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    account_id = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "character varying(48)", maxLength: 48, nullable: false),
                    object_id = table.Column<string>(type: "text", nullable: false),
                    due_at = table.Column<long>(type: "bigint", nullable: false),
                    test_clock_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_due_work", x => x.seq);
                });

            migrationBuilder.CreateTable(
                name: "test_clocks",
                columns: table => new
                {
                    account_id = table.Column<string>(type: "text", nullable: false),
                    id = table.Column<string>(type: "text", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    created = table.Column<long>(type: "bigint", nullable: false),
                    frozen_time = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    target_frozen_time = table.Column<long>(type: "bigint", nullable: true),
                    deletes_after = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_test_clocks", x => new { x.account_id, x.id });
                });

            migrationBuilder.CreateIndex(
                name: "ix_due_work_account_id_kind_object_id_due_at",
                table: "due_work",
                columns: new[] { "account_id", "kind", "object_id", "due_at" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_due_work_due_at",
                table: "due_work",
                column: "due_at",
                filter: "test_clock_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_due_work_test_clock_id_due_at",
                table: "due_work",
                columns: new[] { "test_clock_id", "due_at" },
                filter: "test_clock_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_test_clocks_account_id_created_seq",
                table: "test_clocks",
                columns: new[] { "account_id", "created", "seq" },
                descending: new[] { false, true, true });

            migrationBuilder.CreateIndex(
                name: "ix_test_clocks_status",
                table: "test_clocks",
                column: "status",
                filter: "status = 'advancing'");

            // No planner statistics on account_id (20261129171500_AccountIdWithoutStatistics); and the scheduler's
            // look for auto_advance drafts (Persistence/Scheduling/SchedulerUnit.cs) reads only those.
            migrationBuilder.Sql("""
                ALTER TABLE test_clocks ALTER COLUMN account_id SET STATISTICS 0;
                ALTER TABLE due_work ALTER COLUMN account_id SET STATISTICS 0;
                CREATE INDEX ix_invoices_auto_advance_drafts ON invoices ((COALESCE(automatically_finalizes_at, created + 3600)))
                    WHERE status = 'draft' AND auto_advance;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS ix_invoices_auto_advance_drafts;");
            migrationBuilder.DropTable(
                name: "due_work");

            migrationBuilder.DropTable(
                name: "test_clocks");

            migrationBuilder.DropColumn(
                name: "test_clock_id",
                table: "customers");
        }
    }
}
