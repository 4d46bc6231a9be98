using System.Runtime.InteropServices;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.UnitTests.Hosting;

public class NativeHeapTrimmerTests
{
    [Fact]
    public void A_trim_runs_where_the_C_library_is_glibc_and_says_why_not_elsewhere()
    {
        var trimmed = NativeHeapTrimmer.TryTrim(out var unavailable);

        var glibc = OperatingSystem.IsLinux() && !RuntimeInformation.RuntimeIdentifier.Contains("musl", StringComparison.Ordinal);
        Assert.Equal(glibc, trimmed);
        if (glibc) Assert.Null(unavailable);
        else Assert.False(string.IsNullOrEmpty(unavailable));
    }
}
