# The layers view (read -L, JSON's layers, the TUI's L pane): a packet as the TCP/IP model's
# four layers, with one sentence per layer of what it did for this packet. The twin of
# zh-CN/layers.ftl.

## The four layers of the TCP/IP model.
layer-link = link
layer-internet = internet
layer-transport = transport
layer-application = application

## After the nesting line's brackets: the frame's length.
layers-total = = { $n } bytes

## Who sent a TCP segment when the tracker does not know the roles.
layers-sender = sender

## One sentence per layer.
layers-ethernet = Ethernet carries the frame to the next machine on the local network
layers-wlan = 802.11 carries the frame over the air to the next station
layers-wlan-air = 802.11 carries the frame over the air
layers-vlan = the 802.1Q tag puts the frame on VLAN { $id }
layers-cooked = the Linux cooked header tells how the packet crossed the capturing host's interface
layers-loopback = the loopback header names the address family of the packet inside
layers-radiotap = radiotap tells how the radio received the frame
layers-llc = LLC/SNAP names the protocol inside
layers-ip = { $proto } carries the packet towards its destination address, through at most { $hops } more routers
layers-ipv6-ext = extension headers add options before the transport header
layers-arp-request = ARP asks which link address has { $target } (tell { $sender })
layers-arp-reply = ARP answers that { $sender } is at { $mac }
layers-arp-other = ARP sends a { $op }
layers-tcp-syn = TCP asks port { $port } to open a connection (SYN)
layers-tcp-syn-ack = TCP accepts the connection from port { $port } and acknowledges its SYN
layers-tcp-data = TCP carries bytes { $from }–{ $to } of the { $role }'s stream to port { $port } and asks for an ACK
layers-tcp-and-fin = , then says it has no more to send (FIN)
layers-tcp-fin = TCP tells port { $port } that the { $role } has no more to send (FIN)
layers-tcp-rst = TCP aborts the connection with port { $port } (RST)
layers-tcp-ack = TCP tells port { $port } it has every byte before { $ack } (ACK)
layers-udp = UDP carries { $n } bytes from port { $sport } to port { $dport }, without a connection and without an ACK
layers-icmp = { $proto } carries a control message: { $what }
layers-data = the application's { $n } bytes
layers-icmp-data = the { $n } bytes the message carries (for an error, the start of the packet it is about)
layers-fragment = { $n } bytes of an IP datagram cut in fragments: the receiver puts them back together
layers-trailer-ethernet = { $n } bytes after the packet: padding to Ethernet's minimum frame, or its frame check sequence
layers-trailer = { $n } bytes after the packet
layers-undecoded = { $n } bytes wirelab does not decode

## The TUI's L pane: its title and the help screen's line for its key.
layers-pane-title = Layers
layers-key = the packet's layers and their bytes (again: back)

## The spans of a frame that are not a protocol, as the rows and the nesting line name them.
layers-proto-data = data
layers-proto-fragment = fragment
layers-proto-trailer = trailer
layers-proto-undecoded = undecoded
