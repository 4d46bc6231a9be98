using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public class InvoiceLinesTests
{
    private static Invoice Draft() => new() { AccountId = "a", Id = "in_1", CustomerId = "cus_1", Currency = "usd" };

    private static InvoiceItem Item(string id, long amount, string currency = "usd", string customer = "cus_1")
    {
        var item = new InvoiceItem { AccountId = "a", Id = id, CustomerId = customer, Currency = currency };
        item.SetAmount(amount);
        return item;
    }

    [Fact]
    public void Lines_keep_the_subtotal_and_their_order()
    {
        var invoice = Draft();
        var a = Item("ii_a", 1000);
        var b = Item("ii_b", -300);
        var c = Item("ii_c", 50);
        invoice.AddLine(a, "il_a");
        invoice.AddLine(b, "il_b");
        invoice.AddLine(c, "il_c");
        Assert.Equal((750L, 3), (invoice.Subtotal, invoice.LineCount));
        Assert.Equal([0, 1, 2], new[] { a, b, c }.Select(i => i.LinePosition!.Value));
        Assert.Equal("in_1", b.InvoiceId);
        Assert.Equal("il_b", b.LineId);

        invoice.RemoveLine(b);
        Assert.Equal((1050L, 2), (invoice.Subtotal, invoice.LineCount));
        var d = Item("ii_d", 1);
        invoice.AddLine(d, "il_d");
        Assert.Equal(3, d.LinePosition); // positions are never reused

        var old = c.Amount;
        c.SetUnitAmount(2.5m, 3);
        invoice.LineAmountChanged(c, old);
        Assert.Equal(1000 + 8 + 1, invoice.Subtotal);
    }

    [Fact]
    public void Only_matching_items_on_drafts_below_the_limit()
    {
        var invoice = Draft();
        Assert.Throws<InvalidOperationException>(() => invoice.AddLine(Item("ii_e", 1, currency: "eur"), "il_e"));
        Assert.Throws<InvalidOperationException>(() => invoice.AddLine(Item("ii_x", 1, customer: "cus_2"), "il_x"));
        for (var i = 0; i < Invoice.MaxLines; i++) invoice.AddLine(Item($"ii_{i}", 1), $"il_{i}");
        Assert.Throws<InvalidOperationException>(() => invoice.AddLine(Item("ii_over", 1), "il_over"));
        var open = Draft();
        open.Status = InvoiceStatus.Open;
        Assert.Throws<InvalidOperationException>(() => open.AddLine(Item("ii_o", 1), "il_o"));
        Assert.Throws<InvalidOperationException>(() => open.RemoveLine(Item("ii_p", 1)));
    }
}
