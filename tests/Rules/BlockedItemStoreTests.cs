using Recommender.Core.Rules;
using Recommender.Tests.TestSupport;

namespace Recommender.Tests.Rules;

[Collection(AzuriteCollection.Name)]
public class BlockedItemStoreTests(AzuriteFixture azurite)
{
    private BlockedItemStore NewStore() => new(azurite.Tables, AzuriteFixture.UniqueTableName("rules"));

    private static async Task<List<BlockedItem>> ListAsync(BlockedItemStore store)
    {
        var items = new List<BlockedItem>();
        await foreach (BlockedItem item in store.ListAsync())
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public async Task BlockedItems_AreListed_WithIdsThatAreNotValidTableKeys()
    {
        BlockedItemStore store = NewStore();
        var at = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

        await store.BlockAsync("item/with#odd?chars%", at);
        await store.BlockAsync("plain", at);

        List<BlockedItem> items = await ListAsync(store);
        Assert.Equal(["item/with#odd?chars%", "plain"], items.Select(i => i.ItemId).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.Equal(at, i.BlockedAt));
    }

    [Fact]
    public async Task BlockingTwice_KeepsOneRuleWithTheFirstTime()
    {
        BlockedItemStore store = NewStore();
        var first = new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

        await store.BlockAsync("item-1", first);
        BlockedItem again = await store.BlockAsync("item-1", first.AddHours(1));

        Assert.Equal(first, again.BlockedAt);
        Assert.Single(await ListAsync(store));
    }

    [Fact]
    public async Task Unblocking_RemovesTheRule_AndSaysWhetherThereWasOne()
    {
        BlockedItemStore store = NewStore();
        await store.BlockAsync("item-1", DateTimeOffset.UtcNow);

        Assert.True(await store.UnblockAsync("item-1"));
        Assert.False(await store.UnblockAsync("item-1"));
        Assert.Empty(await ListAsync(store));
    }
}
