using PaymentRecords.Domain.Common;

namespace PaymentRecords.UnitTests.Domain;

public class IdsTests
{
    [Theory]
    [InlineData(Ids.Customer)]
    [InlineData(Ids.Invoice)]
    [InlineData(Ids.PaymentRecord)]
    [InlineData(Ids.PaymentAttemptRecord)]
    [InlineData(Ids.Event)]
    [InlineData(Ids.Request)]
    public void New_id_is_the_prefix_and_24_base62_characters(string prefix)
    {
        var id = Ids.New(prefix);
        Assert.StartsWith(prefix, id);
        Assert.Matches("^[0-9A-Za-z]{24}$", id[prefix.Length..]);
    }

    [Fact]
    public void Prefixes_end_with_an_underscore()
    {
        foreach (var prefix in new[]
                 {
                     Ids.Customer, Ids.Invoice, Ids.InvoiceItem, Ids.InvoiceLine, Ids.CreditNote, Ids.CreditNoteLine,
                     Ids.InvoicePayment, Ids.PaymentRecord, Ids.PaymentAttemptRecord, Ids.BalanceTransaction, Ids.Event, Ids.Request,
                 })
        {
            Assert.Matches("^[a-z]+_$", prefix);
        }
    }

    [Fact]
    public void New_ids_differ()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => Ids.New(Ids.Customer)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Random_uses_the_given_alphabet_and_length()
    {
        Assert.Matches("^[01]{32}$", Ids.Random(32, "01"));
        Assert.Equal("", Ids.Random(0));
    }

    [Fact]
    public void Random_draws_from_the_whole_alphabet()
    {
        var seen = string.Concat(Enumerable.Range(0, 200).Select(_ => Ids.Random(24))).Distinct().Count();
        Assert.Equal(62, seen);
    }
}
