using Recommender.Functions.Hosting;

var mode = HostingMode.Detect(Environment.GetEnvironmentVariable);
var builder = WebApplication.CreateBuilder(args);
builder.WebHost.UseUrls(mode.Urls);
builder.AddRecommender(mode);

var app = builder.Build();
app.MapRecommender();
app.Run();

/// <summary>The handler's entry point; public so tests can host it.</summary>
public partial class Program;
