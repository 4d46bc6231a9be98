namespace PaymentRecords.UnitTests;

/// <summary>
/// Where the unit tests find the repository's Stripe OpenAPI subset, <c>spec/spec3.subset.json</c>. The file is part of
/// the repository: when it is missing, the tests that read it fail.
/// </summary>
public static class RepositorySpec
{
    /// <summary>The repo root: the first ancestor of the test binaries that holds PaymentRecords.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The full path of spec/spec3.subset.json (it may be missing: reading it then fails the test).</summary>
    public static string SpecPath { get; } = Path.Combine(RepoRoot, "spec", "spec3.subset.json");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PaymentRecords.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No ancestor of the test binaries holds PaymentRecords.sln.");
    }
}
