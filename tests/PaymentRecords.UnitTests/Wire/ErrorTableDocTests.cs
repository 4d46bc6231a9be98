using System.Text;
using PaymentRecords.Api.Hosting;
using PaymentRecords.Api.Wire;

namespace PaymentRecords.UnitTests.Wire;

/// <summary>
/// docs/error-messages.md is the error table as README points to it (Stripe's wording vs inferred). It is
/// generated from <see cref="PaymentRecordsApp.ErrorRows"/> (the transport's rows and each resource's); this test fails when they differ. Regenerate with
/// <c>UPDATE_ERROR_DOC=1 dotnet test tests/PaymentRecords.UnitTests --filter ErrorTableDocTests</c>.
/// </summary>
public sealed class ErrorTableDocTests
{
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PaymentRecords.sln"))) return dir.FullName;
        throw new InvalidOperationException("PaymentRecords.sln not found above " + AppContext.BaseDirectory);
    }

    internal static string Render()
    {
        var doc = new StringBuilder();
        doc.AppendLine("# Error messages");
        doc.AppendLine();
        doc.AppendLine("Every error text the server produces, generated from the rows registered in");
        doc.AppendLine("`src/PaymentRecords.Api/Hosting/PaymentRecordsApp.cs` (`ErrorRows`: the transport's `Wire/ErrorCatalog.cs` and each");
        doc.AppendLine("resource's, e.g. `Invoices/InvoiceErrors.cs`, `CreditNotes/CreditNoteErrors.cs`; a unit test keeps this file");
        doc.AppendLine("current). **Stripe** rows use Stripe's own wording; **inferred** rows are our");
        doc.AppendLine("best guess where no Stripe source gives the exact text. `{0}`, `{1}`… are the variable parts. Rows marked");
        doc.AppendLine("*parameter* refuse a request for its parameters' shape: no idempotent result is stored for them.");
        doc.AppendLine();
        doc.AppendLine("| key | status | type | code | wording | message |");
        doc.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in PaymentRecordsApp.ErrorRows.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            var wording = row.Wording == Wording.Stripe ? "Stripe" : "inferred";
            if (row.IsParameterError) wording += ", parameter";
            doc.AppendLine($"| `{row.Key}` | {row.Status} | {row.Type} | {(row.Code is null ? "" : $"`{row.Code}`")} | {wording} | {row.Template.Replace("|", "\\|")} |");
        }
        return doc.ToString();
    }

    [Fact]
    public void Error_messages_doc_matches_the_error_table()
    {
        var path = Path.Combine(RepoRoot(), "docs", "error-messages.md");
        var expected = Render();
        if (Environment.GetEnvironmentVariable("UPDATE_ERROR_DOC") == "1") File.WriteAllText(path, expected);
        Assert.True(File.Exists(path), $"{path} is missing; regenerate it (see this test's summary).");
        Assert.Equal(expected, File.ReadAllText(path));
    }
}
