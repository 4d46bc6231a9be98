using PaymentRecords.Api.Hosting;

var app = PaymentRecordsApp.Build(args);
if (!await DatabaseStartup.PrepareAsync(app)) return 1;
await app.RunAsync();
return 0;

/// <summary>Entry point; exposed so tests can reference the assembly.</summary>
public partial class Program;
