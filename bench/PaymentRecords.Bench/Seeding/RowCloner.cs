using System.Text;
using Npgsql;

namespace PaymentRecords.Bench.Seeding;

/// <summary>
/// Copies the rows of template flows made through the API, set-based (<c>INSERT … SELECT … FROM generate_series</c>),
/// so the seeded rows are the server's own rows with new ids: every column is copied as the server wrote it, except
/// that each occurrence of a template value (ids, email, invoice prefix, payment reference) in a text or JSON column
/// becomes the clone's value, and time columns move back so clone <c>n</c> of <c>count</c> is <c>count - n</c>
/// seconds older than its template. Columns are read from the catalog, so a column added later is copied too.
/// </summary>
internal sealed class RowCloner(NpgsqlDataSource db, string accountId)
{
    /// <summary>The tables of one flow, parents first (foreign keys), and the template id column each copies.</summary>
    private static readonly (string Table, string IdPrefix)[] Tables =
    [
        ("customers", "cus_"), ("invoices", "in_"), ("invoice_items", "ii_"),
        ("payment_records", "pr_"), ("payment_attempt_records", "par_"), ("invoice_payments", "inpay_"),
    ];

    private readonly Dictionary<string, List<(string Name, string Type)>> _columns = [];

    /// <summary>One template flow's rows: the id of its row in each table (none in invoice_payments when unpaid),
    /// and every value a clone replaces with its own, with the SQL expression of the clone's value (of n).</summary>
    internal sealed record Template(bool Paid, Dictionary<string, string> RowIds, List<(string Value, string CloneSql)> Replacements);

    public async Task<Template> ReadTemplateAsync(TemplateFlow flow)
    {
        var ids = new Dictionary<string, string>
        {
            ["customers"] = flow.Customer, ["invoices"] = flow.Invoice, ["invoice_items"] = flow.InvoiceItem,
            ["payment_records"] = flow.PaymentRecord,
        };
        await using var cmd = db.CreateCommand("""
            SELECT c.email, c.invoice_prefix, ii.line_id, pr.latest_attempt_id,
                   pr.attributes::jsonb #>> '{processor_details,custom,payment_reference}',
                   (SELECT ip.id FROM invoice_payments ip WHERE ip.account_id = $1 AND ip.payment_record_id = pr.id)
            FROM customers c, invoice_items ii, payment_records pr
            WHERE c.account_id = $1 AND c.id = $2 AND ii.account_id = $1 AND ii.id = $3 AND pr.account_id = $1 AND pr.id = $4
            """);
        cmd.Parameters.Add(new NpgsqlParameter { Value = accountId });
        cmd.Parameters.Add(new NpgsqlParameter { Value = flow.Customer });
        cmd.Parameters.Add(new NpgsqlParameter { Value = flow.InvoiceItem });
        cmd.Parameters.Add(new NpgsqlParameter { Value = flow.PaymentRecord });
        await using var reader = await cmd.ExecuteReaderAsync();
        if (!await reader.ReadAsync()) throw new InvalidOperationException($"template rows of {flow.Customer} not found in account {accountId}");
        string email = reader.GetString(0), prefix = reader.GetString(1), line = reader.GetString(2), attempt = reader.GetString(3);
        string reference = reader.GetString(4);
        ids["payment_attempt_records"] = attempt;
        if (!reader.IsDBNull(5)) ids["invoice_payments"] = reader.GetString(5);
        if (flow.Paid != ids.ContainsKey("invoice_payments")) throw new InvalidOperationException("template invoice payment missing or unexpected");

        var replacements = new List<(string, string)>
        {
            (email, "'seed-' || @tag || '-' || n || '@example.com'"),
            // Unique per account: the offset is the account's customer count before this seeding.
            (prefix, "'S' || lpad(upper(to_hex(@offset + n)), 7, '0')"),
            (reference, "md5(@tag || 'ref' || n)::uuid::text"),
            (line, NewId("il_")),
        };
        foreach (var (table, idPrefix) in Tables)
            if (ids.TryGetValue(table, out var id)) replacements.Add((id, NewId(idPrefix)));
        // Longest first, so no shorter value is replaced inside a longer one.
        replacements.Sort((a, b) => b.Item1.Length.CompareTo(a.Item1.Length));
        return new Template(flow.Paid, ids, replacements);
    }

    /// <summary>Clones n in [lo, hi] of <paramref name="template"/> (those <paramref name="pick"/> selects, an SQL
    /// predicate over n) into every table, in the caller's transaction.</summary>
    public async Task CloneAsync(NpgsqlConnection connection, NpgsqlTransaction tx, Template template, string pick,
        long lo, long hi, long count, string tag, long offset)
    {
        foreach (var (table, _) in Tables)
        {
            if (!template.RowIds.TryGetValue(table, out var templateId)) continue;
            var columns = await ColumnsAsync(connection, table);
            // Each clone's values are computed once (a materialized CTE), not once per column that may hold them.
            var sql = new StringBuilder("WITH v AS MATERIALIZED (SELECT n");
            for (var i = 0; i < template.Replacements.Count; i++) sql.Append($", {template.Replacements[i].CloneSql} AS v{i}");
            sql.Append($" FROM generate_series(@lo::bigint, @hi::bigint) n WHERE {pick})\n");
            sql.Append($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(c.Name)))})\nSELECT ");
            sql.AppendJoin(", ", columns.Select(c => CloneExpression(c.Name, c.Type, template.Replacements)));
            sql.Append($"\nFROM {table} t CROSS JOIN v\nWHERE t.account_id = @account AND t.id = @template\nORDER BY v.n");
            await using var cmd = new NpgsqlCommand(sql.ToString(), connection, tx);
            cmd.Parameters.AddWithValue("lo", lo);
            cmd.Parameters.AddWithValue("hi", hi);
            cmd.Parameters.AddWithValue("count", count);
            cmd.Parameters.AddWithValue("offset", offset);
            cmd.Parameters.AddWithValue("tag", tag);
            cmd.Parameters.AddWithValue("account", accountId);
            cmd.Parameters.AddWithValue("template", templateId);
            cmd.CommandTimeout = 600;
            await cmd.ExecuteNonQueryAsync();
        }
    }

    /// <summary>24 mixed-case letters and digits after the prefix, as the server's ids are.</summary>
    private static string NewId(string prefix) =>
        $"'{prefix}' || substr(translate(encode(sha256(convert_to(@tag || '{prefix}' || n, 'UTF8')), 'base64'), '+/', 'Zq'), 1, 24)";

    private static string CloneExpression(string name, string type, List<(string Value, string CloneSql)> replacements)
    {
        var column = "t." + Quote(name);
        switch (type)
        {
            case "text" or "character varying" or "json" or "jsonb":
                var text = type is "json" or "jsonb" ? column + "::text" : column;
                for (var i = 0; i < replacements.Count; i++)
                    text = $"replace({text}, '{replacements[i].Value.Replace("'", "''", StringComparison.Ordinal)}', v.v{i})";
                return type is "json" or "jsonb" ? $"({text})::{type}" : text;
            case "bigint" when name == "created" || name.EndsWith("_at", StringComparison.Ordinal) || name is "period_start" or "period_end" or "due_date":
                return $"{column} - (@count - v.n)";
            default:
                return column;
        }
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private async Task<List<(string Name, string Type)>> ColumnsAsync(NpgsqlConnection connection, string table)
    {
        if (_columns.TryGetValue(table, out var known)) return known;
        await using var cmd = new NpgsqlCommand("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = $1 AND is_identity = 'NO' AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, connection);
        cmd.Parameters.Add(new NpgsqlParameter { Value = table });
        var columns = new List<(string, string)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add((reader.GetString(0), reader.GetString(1)));
        if (columns.Count == 0) throw new InvalidOperationException($"table {table} not found");
        return _columns[table] = columns;
    }
}
