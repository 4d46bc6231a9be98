using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PaymentRecords.Persistence.Migrations
{
    /// <summary>
    /// The id of an event's <c>data.object</c> in a column of its own (<c>object_id</c>, written with the event), and the
    /// events of an object found by an index on it, instead of the expression index of migration EventsByObject
    /// (<c>data -&gt; 'object' -&gt;&gt; 'id'</c>). <c>data</c> is plain json, text: that index parsed each event's JSON as
    /// it was inserted, 12 µs of PostgreSQL per event and about nine events per seed flow (bench/README.md, "Issue 11,
    /// tenth session"). Existing events get theirs from their JSON, once, here.
    /// </summary>
    public partial class EventObjectIdColumn : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "object_id",
                table: "events",
                type: "text",
                nullable: true);

            migrationBuilder.Sql("""
                UPDATE events SET object_id = data -> 'object' ->> 'id';
                DROP INDEX IF EXISTS ix_events_account_id_object_id;
                """);

            migrationBuilder.CreateIndex(
                name: "ix_events_account_id_object_id_created_seq",
                table: "events",
                columns: new[] { "account_id", "object_id", "created", "seq" },
                descending: new[] { false, false, true, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_events_account_id_object_id_created_seq",
                table: "events");

            migrationBuilder.DropColumn(
                name: "object_id",
                table: "events");

            migrationBuilder.Sql("""
                CREATE INDEX IF NOT EXISTS ix_events_account_id_object_id
                    ON events (account_id, (data -> 'object' ->> 'id'), created DESC, seq DESC);
                """);
        }
    }
}
