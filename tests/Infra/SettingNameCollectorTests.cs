namespace Recommender.Tests.Infra;

public class SettingNameCollectorTests
{
    [Fact]
    public void FromOptions_ReadsSettablePropertiesWithTheSectionPrefix()
    {
        Assert.Equal(["Serving__ModelRefreshSeconds", "Serving__AdminKey"], SettingNameCollector.FromOptions(typeof(SampleOptions), "Serving"));
    }

    [Fact]
    public void FromOptions_WithoutSectionGivesRootKeys()
    {
        Assert.Equal(["ModelRefreshSeconds", "AdminKey"], SettingNameCollector.FromOptions(typeof(SampleOptions)));
    }

    [Fact]
    public void FromOptions_UsesConfigurationKeyNameWhenGiven()
    {
        Assert.Equal(["RecommenderStorage"], SettingNameCollector.FromOptions(typeof(RenamedOptions)));
    }

    private sealed record SampleOptions
    {
        public int ModelRefreshSeconds { get; init; } = 30;

        public string? AdminKey { get; init; }

        public int Derived => ModelRefreshSeconds * 2;
    }

    private sealed record RenamedOptions
    {
        [ConfigurationKeyName("RecommenderStorage")]
        public string? ConnectionString { get; init; }
    }

    // Same name as Microsoft.Extensions.Configuration's attribute: the collector matches by name.
    [AttributeUsage(AttributeTargets.Property)]
    private sealed class ConfigurationKeyNameAttribute(string name) : Attribute
    {
        public string Name { get; } = name;
    }
}
