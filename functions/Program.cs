using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

var mode = HostingMode.Detect(Environment.GetEnvironmentVariable);
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(mode.Urls);
builder.AddRecommender(mode);

var app = builder.Build();
app.MapRecommender();
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or FormatException)
{
    // A configuration mistake (a bad RetrainSchedule, a missing RecommenderStorage...) is one sentence, not a stack trace.
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}

/// <summary>The handler's entry point; public so tests can host it.</summary>
public partial class Program;
