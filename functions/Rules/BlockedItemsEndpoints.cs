using Microsoft.Azure.Functions.Worker;
using Recommender.Core.Feedback;
using Recommender.Core.Rules;
using Recommender.Core.Serving;
using Recommender.Functions.Hosting;
using Recommender.Functions.Serving;

namespace Recommender.Functions.Rules;

/// <summary>
/// Admin functions over blocked items: block, unblock, list. The host checks the function key. A change is written to
/// table <c>rules</c>, applied on this instance at once and read by every other instance within RulesRefreshSeconds.
/// </summary>
public sealed class BlockedItemsEndpoints(BlockedItemStore store, BlockedItemsCache blocked, ModelCache models, TimeProvider time)
{
    /// <summary>
    /// Blocks an item in every answer. An id the serving model does not know is accepted (a later model may have it);
    /// the answer says whether the serving model knows it. Blocking twice keeps the first time.
    /// </summary>
    [Function("BlockItem")]
    public async Task<IResult> BlockAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "put", Route = "rules/blocked-items/{itemId}")] HttpRequest request,
        string itemId,
        CancellationToken cancellationToken)
    {
        if (!FeedbackRules.IsValidId(itemId))
        {
            return Problems.BadRequest("itemId must be 1-128 printable characters.", "itemId");
        }

        BlockedItem rule = await StorageDeadline.RunAsync($"Block item {itemId}", token => store.BlockAsync(itemId, time.GetUtcNow(), token), cancellationToken).ConfigureAwait(false);
        blocked.Apply(itemId, blocked: true);
        bool known = models.Current?.Package.Items.TryGetIndex(itemId, out _) ?? false;
        return TypedResults.Ok(new BlockedItemResponse(rule.ItemId, rule.BlockedAt, known));
    }

    /// <summary>Lets a blocked item be served again; 404 when it was not blocked.</summary>
    [Function("UnblockItem")]
    public async Task<IResult> UnblockAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "rules/blocked-items/{itemId}")] HttpRequest request,
        string itemId,
        CancellationToken cancellationToken)
    {
        if (!FeedbackRules.IsValidId(itemId))
        {
            return Problems.BadRequest("itemId must be 1-128 printable characters.", "itemId");
        }

        bool removed = await StorageDeadline.RunAsync($"Unblock item {itemId}", token => store.UnblockAsync(itemId, token), cancellationToken).ConfigureAwait(false);
        blocked.Apply(itemId, blocked: false);
        return removed ? TypedResults.NoContent() : Problems.NotFound($"Item '{itemId}' is not blocked.");
    }

    /// <summary>Every blocked item, as the table holds them.</summary>
    [Function("ListBlockedItems")]
    public async Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = "rules/blocked-items")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        List<BlockedItem> items = await StorageDeadline.RunAsync(
            "List the blocked items",
            async token =>
            {
                var list = new List<BlockedItem>();
                await foreach (BlockedItem item in store.ListAsync(token).ConfigureAwait(false))
                {
                    list.Add(item);
                }

                return list;
            },
            cancellationToken).ConfigureAwait(false);
        ServingModel? model = models.Current;
        var answer = new List<BlockedItemResponse>(items.Count);
        foreach (BlockedItem item in items)
        {
            answer.Add(new BlockedItemResponse(item.ItemId, item.BlockedAt, model?.Package.Items.TryGetIndex(item.ItemId, out _) ?? false));
        }

        return TypedResults.Ok(new BlockedItemListResponse(answer));
    }
}

/// <summary>One blocked item; <c>inServingModel</c> says whether the model now served knows the id.</summary>
public sealed record BlockedItemResponse(string ItemId, DateTimeOffset BlockedAt, bool InServingModel);

/// <summary>Body of GET /api/rules/blocked-items.</summary>
public sealed record BlockedItemListResponse(IReadOnlyList<BlockedItemResponse> Items);
