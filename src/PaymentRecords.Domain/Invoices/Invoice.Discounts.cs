using System.Text.Json.Nodes;

namespace PaymentRecords.Domain.Invoices;

/// <summary>
/// The invoice's own discounts (<c>discounts</c>, <c>total_discount_amounts</c>, each line's <c>discount_amounts</c>):
/// the discounts' terms and, while it has any, its discountable lines' amounts, both kept in <see cref="Attributes"/>
/// so that every amount is computed from the invoice's row alone (<see cref="InvoiceDiscounts.Allocate"/>), and
/// <see cref="DiscountAmount"/> (a column: what the search's <c>total</c> reads). The line methods keep them in step
/// under the invoice's row lock.
/// </summary>
public sealed partial class Invoice
{
    /// <summary>The <see cref="Attributes"/> key of the applied discounts: [{id, percent_off, amount_off}], in order.</summary>
    public const string DiscountsKey = "discounts";
    /// <summary>The <see cref="Attributes"/> key of the discountable lines while there are discounts: [[line id, amount, position]], in line order.</summary>
    public const string DiscountableLinesKey = "discountable_lines";

    /// <summary>Σ of what the discounts take off (total = subtotal − this − pretax credits).</summary>
    public long DiscountAmount { get; private set; }

    public bool HasDiscounts => Attributes[DiscountsKey] is JsonArray { Count: > 0 };

    public IReadOnlyList<AppliedDiscount> Discounts() =>
        Attributes[DiscountsKey] is JsonArray entries
            ? entries.OfType<JsonObject>().Select(e => new AppliedDiscount(e["id"]!.GetValue<string>(),
                e["percent_off"]?.GetValue<decimal>(), e["amount_off"]?.GetValue<long>())).ToList()
            : [];

    /// <summary>
    /// Sets the draft's discounts (none: clears them); <paramref name="lines"/> are all its lines, in order (their
    /// amounts seed what the discounts apply to). The caller holds the invoice's row lock.
    /// </summary>
    public void SetDiscounts(IReadOnlyList<AppliedDiscount> discounts, IEnumerable<InvoiceItem> lines)
    {
        if (Status != InvoiceStatus.Draft) throw new InvalidOperationException($"{Id} is {Status.Wire()}");
        if (discounts.Count == 0)
        {
            Attributes.Remove(DiscountsKey);
            Attributes.Remove(DiscountableLinesKey);
            DiscountAmount = 0;
            return;
        }
        Attributes[DiscountsKey] = new JsonArray(discounts.Select(d => (JsonNode?)new JsonObject
        {
            ["id"] = d.Id, ["percent_off"] = d.PercentOff, ["amount_off"] = d.AmountOff,
        }).ToArray());
        Attributes[DiscountableLinesKey] = new JsonArray(lines.Where(l => l.InvoiceId == Id && l.Discountable)
            .OrderBy(l => l.LinePosition).Select(l => (JsonNode?)Row(l)).ToArray());
        RecomputeDiscounts();
    }

    /// <summary>What each discount takes off, in total and per line.</summary>
    public IReadOnlyList<DiscountShare> DiscountShares() =>
        HasDiscounts ? InvoiceDiscounts.Allocate(Discounts(), DiscountableLines(), Math.Max(0, Subtotal)) : [];

    /// <summary>Σ of what the discounts take off the line <paramref name="lineId"/>.</summary>
    public long LineDiscount(string lineId) => DiscountShares().Sum(s => s.ByLine.GetValueOrDefault(lineId));

    private List<KeyValuePair<string, long>> DiscountableLines() =>
        Attributes[DiscountableLinesKey] is JsonArray rows
            ? rows.OfType<JsonArray>().Select(r => KeyValuePair.Create(r[0]!.GetValue<string>(), r[1]!.GetValue<long>())).ToList()
            : [];

    /// <summary>A line was added or changed: its discountable amount (none, when it is not discountable) follows it.</summary>
    private void TrackDiscountableLine(InvoiceItem item) => ReplaceDiscountableLine(item.LineId, item.Discountable ? item : null);

    /// <summary>A line was taken off: it is no longer discounted.</summary>
    private void UntrackDiscountableLine(string? lineId) => ReplaceDiscountableLine(lineId, null);

    /// <summary>The line <paramref name="lineId"/>'s row replaced by <paramref name="line"/>'s (none: removed), rows kept in line order.</summary>
    private void ReplaceDiscountableLine(string? lineId, InvoiceItem? line)
    {
        if (!HasDiscounts || lineId is null) return;
        var rows = ((JsonArray)Attributes[DiscountableLinesKey]!).OfType<JsonArray>()
            .Where(r => r[0]!.GetValue<string>() != lineId).Select(r => (JsonArray)r.DeepClone()).ToList();
        if (line is not null) rows.Add(Row(line));
        Attributes[DiscountableLinesKey] = new JsonArray([.. rows.OrderBy(r => r[2]!.GetValue<int>())]);
        RecomputeDiscounts();
    }

    private static JsonArray Row(InvoiceItem line) => new(line.LineId, line.Amount, line.LinePosition ?? 0);

    private void RecomputeDiscounts() => DiscountAmount = DiscountShares().Sum(s => s.Amount);
}
