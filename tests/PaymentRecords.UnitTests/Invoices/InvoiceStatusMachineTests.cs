using PaymentRecords.Domain.Invoices;

namespace PaymentRecords.UnitTests.Invoices;

public class InvoiceStatusMachineTests
{
    /// <summary>Every (status, action) pair that is allowed and where it leads; everything else is refused.</summary>
    private static readonly Dictionary<(InvoiceStatus, InvoiceAction), InvoiceStatus> Legal = new()
    {
        [(InvoiceStatus.Draft, InvoiceAction.Finalize)] = InvoiceStatus.Open,
        [(InvoiceStatus.Draft, InvoiceAction.Delete)] = InvoiceStatus.Draft,
        [(InvoiceStatus.Draft, InvoiceAction.EditMoney)] = InvoiceStatus.Draft,
        [(InvoiceStatus.Open, InvoiceAction.Pay)] = InvoiceStatus.Paid,
        [(InvoiceStatus.Open, InvoiceAction.Void)] = InvoiceStatus.Void,
        [(InvoiceStatus.Open, InvoiceAction.MarkUncollectible)] = InvoiceStatus.Uncollectible,
        [(InvoiceStatus.Draft, InvoiceAction.Send)] = InvoiceStatus.Open,
        [(InvoiceStatus.Open, InvoiceAction.Send)] = InvoiceStatus.Open,
        [(InvoiceStatus.Uncollectible, InvoiceAction.Pay)] = InvoiceStatus.Paid,
        [(InvoiceStatus.Uncollectible, InvoiceAction.Void)] = InvoiceStatus.Void,
        [(InvoiceStatus.Open, InvoiceAction.AttachPayment)] = InvoiceStatus.Open,
        [(InvoiceStatus.Uncollectible, InvoiceAction.AttachPayment)] = InvoiceStatus.Uncollectible,
    };

    [Fact]
    public void The_table_is_exactly_stripes()
    {
        foreach (var status in Enum.GetValues<InvoiceStatus>())
        {
            foreach (var action in Enum.GetValues<InvoiceAction>())
            {
                var expected = Legal.TryGetValue((status, action), out var to) ? to : (InvoiceStatus?)null;
                Assert.True(expected == InvoiceStatusMachine.Next(status, action), $"{status} --{action}--> {InvoiceStatusMachine.Next(status, action)}, expected {expected}");
                Assert.Equal(expected is not null, InvoiceStatusMachine.Allows(status, action));
            }
        }
    }

    [Fact]
    public void Paid_and_void_are_terminal()
    {
        foreach (var terminal in new[] { InvoiceStatus.Paid, InvoiceStatus.Void })
        {
            Assert.True(InvoiceStatusMachine.IsTerminal(terminal));
            foreach (var action in Enum.GetValues<InvoiceAction>())
            {
                var next = InvoiceStatusMachine.Next(terminal, action);
                Assert.True(next is null || next == terminal, $"{terminal} --{action}--> {next}");
            }
        }
        Assert.False(InvoiceStatusMachine.IsTerminal(InvoiceStatus.Uncollectible));
    }

    [Theory]
    [InlineData(InvoiceStatus.Draft, "draft")]
    [InlineData(InvoiceStatus.Open, "open")]
    [InlineData(InvoiceStatus.Paid, "paid")]
    [InlineData(InvoiceStatus.Uncollectible, "uncollectible")]
    [InlineData(InvoiceStatus.Void, "void")]
    public void Wire_names_round_trip(InvoiceStatus status, string wire)
    {
        Assert.Equal(wire, status.Wire());
        Assert.Equal(status, InvoiceStatuses.Parse(wire));
    }
}
