namespace Recommender.Tests.Functions.Demo;

/// <summary>
/// The browser tests run alone, after the parallel collections: Chromium and two app instances are heavy enough on a
/// small machine to push the load and timing tests of other collections past their deadlines.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DemoPageCollection : ICollectionFixture<DemoPageFixture>
{
    public const string Name = "Demo page (alone)";
}
