using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.UnitTests.Pipeline;

public class StripeVersionTests
{
    [Theory]
    [InlineData("2025-10-29.clover")]
    [InlineData("2026-10-28.endive")]
    [InlineData("2020-08-27")]
    [InlineData("2024-06-20.some_name")]
    [InlineData("")]
    [InlineData(null)]
    public void Dated_versions_and_no_version_are_accepted(string? header)
    {
        Assert.True(StripeVersion.IsAcceptable(header));
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("2025-10-29.")]
    [InlineData("2025-10-29.Clover")]
    [InlineData("2025-1-29")]
    [InlineData("2025-10-29 ")]
    [InlineData("clover")]
    public void Anything_else_is_rejected(string header)
    {
        Assert.False(StripeVersion.IsAcceptable(header));
    }

    [Fact]
    public void Current_is_the_emulated_version()
    {
        Assert.Equal("2025-10-29.clover", StripeVersion.Current);
        Assert.True(StripeVersion.IsAcceptable(StripeVersion.Current));
    }
}
