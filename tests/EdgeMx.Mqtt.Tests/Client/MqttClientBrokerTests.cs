using System.Text;
using EdgeMx.Mqtt.Client;
using EdgeMx.Mqtt.Packets;
using EdgeMx.Mqtt.Tests.Broker;

namespace EdgeMx.Mqtt.Tests.Client;

/// <summary>Our client against a real mosquitto, with mosquitto_sub / mosquitto_pub as independent witnesses.</summary>
public sealed class MqttClientBrokerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private MosquittoBroker _broker = null!;
    private readonly List<IAsyncDisposable> _cleanup = [];

    public async Task InitializeAsync() => _broker = await MosquittoBroker.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var d in Enumerable.Reverse(_cleanup)) await d.DisposeAsync();
        await _broker.DisposeAsync();
    }

    private T Track<T>(T disposable) where T : IAsyncDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    private static MqttApplicationMessage Message(string topic, string payload, MqttQos qos = MqttQos.AtLeastOnce, bool retain = false) =>
        new() { Topic = topic, Payload = Encoding.UTF8.GetBytes(payload), Qos = qos, Retain = retain };

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task Publish_and_subscribe_round_trip_seen_by_mosquitto_sub_too(MqttProtocolVersion version)
    {
        var witness = Track(await MosquittoSubscriber.StartAsync(_broker, "edgemx/rt/#", "witness"));
        var receiver = Track(TestClient.Create(_broker, "receiver", output, version: version));
        receiver.Client.Start();
        await receiver.WaitConnectedAsync();
        var granted = await receiver.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/rt/#", MaximumQos = MqttQos.AtLeastOnce }]);
        Assert.Equal([MqttReasonCode.GrantedQos1], granted);

        var publisher = Track(TestClient.Create(_broker, "publisher", output, version: version));
        publisher.Client.Start();
        await publisher.WaitConnectedAsync();
        Assert.Equal(MqttPublishOutcome.Delivered, (await publisher.Client.PublishAsync(Message("edgemx/rt/volatile", "v1"))).Outcome);
        Assert.Equal(MqttPublishOutcome.Delivered, (await publisher.Client.PublishAsync(Message("edgemx/rt/qos0", "q0", MqttQos.AtMostOnce))).Outcome);
        Assert.Equal(MqttPublishOutcome.Queued, publisher.Client.Enqueue(Message("edgemx/rt/durable", "d1")).Outcome);

        await witness.WaitForLinesAsync(3, TimeSpan.FromSeconds(10));
        Assert.Equal(["edgemx/rt/volatile v1", "edgemx/rt/qos0 q0", "edgemx/rt/durable d1"], witness.Lines);
        await ProcessRunner.WaitUntilAsync(() => receiver.ReceivedPayloads().Count >= 3, TimeSpan.FromSeconds(10), "our receiver");
        Assert.Equal(["v1", "q0", "d1"], receiver.ReceivedPayloads());
        await ProcessRunner.WaitUntilAsync(() => publisher.Queue.Count == 0, TimeSpan.FromSeconds(10), "the durable message to be acknowledged");

        // And what mosquitto_pub publishes reaches our client.
        ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", _broker.Port.ToString(), "-q", "1", "-t", "edgemx/rt/from-pub", "-m", "hello",
            "-V", version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311");
        await ProcessRunner.WaitUntilAsync(() => receiver.ReceivedPayloads().Count >= 4, TimeSpan.FromSeconds(10), "mosquitto_pub's message");
        Assert.Equal("hello", receiver.ReceivedPayloads()[3]);
        Assert.Equal("edgemx/rt/from-pub", receiver.Received[3].Topic);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task After_unsubscribing_nothing_more_arrives_on_that_filter(MqttProtocolVersion version)
    {
        // Clean start: every connection is a fresh session, so the client itself re-sends the subscriptions it keeps.
        var client = Track(TestClient.Create(_broker, "unsub", output, o => o with { CleanStart = true }, version: version));
        client.Client.Start();
        await client.WaitConnectedAsync();
        await client.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/unsub/#", MaximumQos = MqttQos.AtLeastOnce }]);
        await client.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/marker", MaximumQos = MqttQos.AtLeastOnce }]);
        Pub("edgemx/unsub/a", "before");
        await ProcessRunner.WaitUntilAsync(() => client.ReceivedPayloads().Contains("before"), TimeSpan.FromSeconds(10), "the message before unsubscribing");

        var codes = await client.Client.UnsubscribeAsync(["edgemx/unsub/#"]);
        Assert.NotNull(codes);
        // 3.1.1's UNSUBACK carries no reason codes; 5.0's says Success per filter.
        Assert.Equal(version == MqttProtocolVersion.V500 ? [MqttReasonCode.Success] : [], codes);
        Pub("edgemx/unsub/a", "after");
        // The broker keeps the order of one publisher's messages: once the marker is here, "after" would have been too.
        Pub("edgemx/marker", "marker");
        await ProcessRunner.WaitUntilAsync(() => client.ReceivedPayloads().Contains("marker"), TimeSpan.FromSeconds(10), "the marker");
        Assert.Equal(["before", "marker"], client.ReceivedPayloads());
        Assert.Contains("Received UNSUBSCRIBE from unsub", _broker.Log());

        // Forgotten for good: the next connection (a fresh session) subscribes the marker again, not the removed filter.
        await _broker.StopAsync();
        await _broker.StartAgainAsync();
        await client.WaitConnectedAsync(times: 2);
        Pub("edgemx/unsub/a", "after-restart");
        Pub("edgemx/marker", "marker-2");
        await ProcessRunner.WaitUntilAsync(() => client.ReceivedPayloads().Contains("marker-2"), TimeSpan.FromSeconds(15), "the second marker");
        Assert.DoesNotContain("after-restart", client.ReceivedPayloads());

        void Pub(string topic, string payload) => ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", _broker.Port.ToString(),
            "-q", "1", "-t", topic, "-m", payload, "-V", version == MqttProtocolVersion.V500 ? "mqttv5" : "mqttv311");
    }

    [Fact]
    public async Task Retained_messages_and_v5_properties_arrive_as_sent()
    {
        var publisher = Track(TestClient.Create(_broker, "publisher", output));
        publisher.Client.Start();
        await publisher.WaitConnectedAsync();
        var sent = Message("edgemx/props/state", "{\"ok\":true}", retain: true) with
        {
            ContentType = "application/json", PayloadIsUtf8 = true, MessageExpiryInterval = 600,
        };
        Assert.True((await publisher.Client.PublishAsync(sent)).Succeeded);

        var late = Track(TestClient.Create(_broker, "late", output));
        late.Client.Start();
        await late.WaitConnectedAsync();
        await late.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/props/#", MaximumQos = MqttQos.AtLeastOnce }]);
        await ProcessRunner.WaitUntilAsync(() => late.ReceivedPayloads().Count >= 1, TimeSpan.FromSeconds(10), "the retained message");
        var got = late.Received[0];
        Assert.True(got.Retain);
        Assert.Equal("application/json", got.ContentType);
        Assert.True(got.PayloadIsUtf8);
        Assert.InRange(got.MessageExpiryInterval!.Value, 590u, 600u);
    }

    [Fact]
    public async Task Keep_alive_pings_hold_an_idle_connection_open()
    {
        // mosquitto drops a client silent for 1.5 × Keep Alive; with 1 s we must ping every second to stay.
        var client = Track(TestClient.Create(_broker, "idle", output, o => o with { KeepAlive = TimeSpan.FromSeconds(1) }));
        client.Client.Start();
        await client.WaitConnectedAsync();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the thing under test is time passing with nothing to send
        Assert.Equal(1, client.ConnectedCount);
        Assert.Equal(MqttClientState.Connected, client.Client.State);
        Assert.Contains("Received PINGREQ from idle", _broker.Log());
    }

    [Fact]
    public async Task Persistent_session_gets_what_was_published_while_it_was_away()
    {
        var away = TestClient.Create(_broker, "away", output, o => o with { CleanStart = false, SessionExpirySeconds = 600 });
        away.Client.Start();
        await away.WaitConnectedAsync();
        await away.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/away/cmd", MaximumQos = MqttQos.AtLeastOnce }]);
        await away.DisposeAsync();

        ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", _broker.Port.ToString(), "-q", "1", "-t", "edgemx/away/cmd", "-m", "while-away");

        var back = Track(TestClient.Create(_broker, "away", output, o => o with { CleanStart = false, SessionExpirySeconds = 600 }));
        back.Client.Start();
        await back.WaitConnectedAsync();
        await ProcessRunner.WaitUntilAsync(() => back.ReceivedPayloads().Contains("while-away"), TimeSpan.FromSeconds(10), "the queued message");
    }

    [Fact]
    public async Task A_broker_that_lost_the_session_gets_our_subscriptions_again()
    {
        await using var forgetful = await MosquittoBroker.StartAsync(new MosquittoBrokerOptions { Persistence = false });
        var client = Track(TestClient.Create(forgetful, "forget", output, o => o with { CleanStart = false }));
        client.Client.Start();
        await client.WaitConnectedAsync();
        await client.Client.SubscribeAsync([new MqttSubscription { TopicFilter = "edgemx/forget/#", MaximumQos = MqttQos.AtLeastOnce }]);

        await forgetful.StopAsync();
        await forgetful.StartAgainAsync();
        await client.WaitConnectedAsync(times: 2);
        await ProcessRunner.WaitUntilAsync(() => forgetful.Log().Split("Sending SUBACK to forget").Length >= 3, TimeSpan.FromSeconds(10), "the resubscription");

        ProcessRunner.Run("mosquitto_pub", "-h", "127.0.0.1", "-p", forgetful.Port.ToString(), "-q", "1", "-t", "edgemx/forget/x", "-m", "after-restart");
        await ProcessRunner.WaitUntilAsync(() => client.ReceivedPayloads().Contains("after-restart"), TimeSpan.FromSeconds(10), "delivery after resubscribing");
    }

    [Fact]
    public async Task Unreachable_broker_is_reported_and_retried()
    {
        var nobody = ProcessRunner.FreeTcpPort();
        var client = Track(TestClient.Create(_broker, "lonely", output, port: nobody));
        client.Client.Start();
        await ProcessRunner.WaitUntilAsync(() => client.Problems.Count >= 3, TimeSpan.FromSeconds(10), "three failed attempts");
        var problem = client.LastProblem()!;
        Assert.Equal(MqttConnectionProblemKind.Unreachable, problem.Kind);
        Assert.Contains("ConnectionRefused", problem.Message);
        Assert.Contains("listening", problem.Check);
        Assert.Equal(MqttPublishOutcome.NotConnected, (await client.Client.PublishAsync(Message("a/b", "x"))).Outcome);
        Assert.Equal(MqttPublishOutcome.Queued, client.Client.Enqueue(Message("a/b", "x")).Outcome);
    }
}
