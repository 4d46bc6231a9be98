using System.Globalization;
using System.Text;

namespace PaymentRecords.Api.HostedInvoices;

/// <summary>
/// A finalized invoice as a PDF (<c>invoice_pdf</c>): plain text rows in Helvetica on A4 pages, written by hand (PDF
/// 1.4: a catalog, a page tree, one font, a page and its uncompressed content stream per page, the cross-reference
/// table). No library: a text-only document needs none, and every byte stays inspectable.
/// </summary>
public static class InvoicePdf
{
    private const int RowsPerPage = 52;
    private const int FontSize = 10;
    private const int Leading = 14;
    private const int Left = 56, Top = 786;
    private const int RowWidth = 90;
    private const string Indent = "    ";

    /// <summary>The document's bytes; each row one line of text (<see cref="Wrap"/>ped to the page, <see cref="Escape"/>d).</summary>
    public static byte[] Write(string title, IReadOnlyList<string> rows)
    {
        var pages = rows.SelectMany(Wrap).Chunk(RowsPerPage).ToList();
        if (pages.Count == 0) pages.Add([]);
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            $"<< /Type /Pages /Kids [{string.Join(" ", pages.Select((_, i) => $"{PageObject(i)} 0 R"))}] /Count {pages.Count} >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            $"<< /Title ({Escape(title)}) /Producer (PaymentRecords) >>",
        };
        for (var i = 0; i < pages.Count; i++)
        {
            var content = Content(pages[i]);
            objects.Add($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {PageObject(i) + 1} 0 R >>");
            objects.Add($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        }

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var n = 0; n < objects.Count; n++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{n + 1} 0 obj\n{objects[n]}\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        // Every character is ASCII (Escape sees to it), so string offsets are byte offsets.
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>Page <paramref name="index"/>'s object number: after the catalog, the page tree, the font and the info, two per page.</summary>
    private static int PageObject(int index) => 5 + 2 * index;

    private static string Content(IEnumerable<string> rows)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"BT /F1 {FontSize} Tf {Leading} TL {Left} {Top} Td");
        foreach (var row in rows) text.Append(CultureInfo.InvariantCulture, $" ({Escape(row)}) Tj T*");
        return text.Append(" ET").ToString();
    }

    /// <summary>
    /// A PDF literal string's body in the font's WinAnsiEncoding: backslash and parentheses escaped, Latin-1 letters
    /// (and €) as octal escapes, so the file stays ASCII; anything else as '?'.
    /// </summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '(' or ')') escaped.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') escaped.Append(c);
            else if (c is >= '\u00A0' and <= '\u00FF') escaped.Append('\\').Append(Convert.ToString(c, 8));
            else if (c == '\u20AC') escaped.Append("\\200");
            else escaped.Append('?');
        }
        return escaped.ToString();
    }

    /// <summary>A row longer than the page is wide (at 10 pt Helvetica, about <see cref="RowWidth"/> characters) goes on over the next rows, split at spaces.</summary>
    public static IEnumerable<string> Wrap(string row)
    {
        while (row.Length > RowWidth)
        {
            // A space inside the continuation's indent is no place to cut: then the row is cut where it is full.
            var cut = row.LastIndexOf(' ', RowWidth);
            if (cut <= Indent.Length) cut = RowWidth;
            yield return row[..cut];
            row = Indent + row[cut..].TrimStart();
        }
        yield return row;
    }
}
