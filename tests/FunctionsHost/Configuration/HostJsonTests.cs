using Recommender.FunctionsHost.Configuration;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.FunctionsHost.Configuration;

public class HostJsonTests
{
    [Fact]
    public void TheRepositoryHostJson_IsRead()
    {
        HostJson host = HostJson.Load(Path.Combine(RepoPaths.Root, "host.json"), new AppSettings(new Dictionary<string, string>()));

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(16, host.Queues.BatchSize);
        Assert.Equal(5, host.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), host.Queues.VisibilityTimeout);
        Assert.Equal("base64", host.Queues.MessageEncoding);
    }

    [Fact]
    public void AnAppSetting_OverridesAHostJsonValue()
    {
        var settings = new AppSettings(new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00",
            ["AzureFunctionsJobHost__extensions__queues__batchSize"] = "4",
        });

        HostJson host = HostJson.Load(Path.Combine(RepoPaths.Root, "host.json"), settings);

        Assert.Equal(TimeSpan.Zero, host.Queues.VisibilityTimeout);
        Assert.Equal(4, host.Queues.BatchSize);
    }

    [Fact]
    public void WithoutHostJson_TheDefaultsApply()
    {
        HostJson host = HostJson.Load("/nonexistent/host.json", new AppSettings(new Dictionary<string, string>()));

        Assert.Equal("api", host.RoutePrefix);
        Assert.Equal(16, host.Queues.BatchSize);
    }

    [Fact]
    public void PercentExpressions_ResolveFromAppSettings()
    {
        var settings = new AppSettings(new Dictionary<string, string> { ["RetrainSchedule"] = "0 0 3 * * *" });

        Assert.Equal("0 0 3 * * *", settings.Resolve("%RetrainSchedule%"));
        Assert.Equal("feedback", settings.Resolve("feedback"));
        Assert.Throws<InvalidOperationException>(() => settings.Resolve("%Missing%"));
    }
}
