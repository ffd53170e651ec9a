using EdgeMx.Ike.Messages;

namespace EdgeMx.Ike.Tests.Messages;

public class IkeReaderTests
{
    [Fact]
    public void Primitives_are_big_endian()
    {
        var reader = new IkeReader([1, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 1, 2, 3, 4, 5, 6, 7, 8]);
        Assert.Equal(1, reader.ReadUInt8("a"));
        Assert.Equal(0x0203, reader.ReadUInt16("b"));
        Assert.Equal(0x04050607u, reader.ReadUInt32("c"));
        Assert.Equal(0x0102030405060708UL, reader.ReadUInt64("d"));
        Assert.True(reader.IsEmpty);
    }

    [Fact]
    public void Every_failed_read_leaves_the_position_unchanged()
    {
        var reader = new IkeReader([1, 2, 3]);
        reader.ReadUInt8("first");
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.ReadUInt32("x")));
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.ReadUInt64("x")));
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.ReadBytes(3, "x")));
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.ReadBytes(-1, "x")));
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.PeekUInt16(1, "x")));
        Assert.Equal(1, reader.Position);
        Assert.Equal(0x0203, reader.ReadUInt16("ok"));
    }

    [Fact]
    public void ExpectEnd_rejects_trailing_bytes()
    {
        var reader = new IkeReader([1, 2]);
        reader.ReadUInt8("a");
        Assert.True(Fails(ref reader, (ref IkeReader r) => r.ExpectEnd("s")));
    }

    private delegate void ReaderAction(ref IkeReader reader);

    /// <summary>Runs <paramref name="action"/> on the caller's reader itself (by ref), expecting INVALID_SYNTAX
    /// and an unchanged position.</summary>
    private static bool Fails(ref IkeReader reader, ReaderAction action)
    {
        var before = reader.Position;
        try
        {
            action(ref reader);
            return false;
        }
        catch (IkeProtocolException e)
        {
            Assert.Equal(NotifyType.InvalidSyntax, e.Notify);
            Assert.Equal(before, reader.Position);
            return true;
        }
    }
}
