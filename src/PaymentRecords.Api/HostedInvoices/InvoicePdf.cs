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

    /// <summary>The document's bytes; each row one line of text (characters outside printable ASCII become '?').</summary>
    public static byte[] Write(string title, IReadOnlyList<string> rows)
    {
        var pages = rows.Chunk(RowsPerPage).ToList();
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

    /// <summary>A PDF literal string's body: backslash, parentheses escaped; anything but printable ASCII as '?'.</summary>
    public static string Escape(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '\\' or '(' or ')') escaped.Append('\\').Append(c);
            else escaped.Append(c is >= ' ' and <= '~' ? c : '?');
        }
        return escaped.ToString();
    }
}
