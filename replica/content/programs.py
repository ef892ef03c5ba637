"""Text templates per program: titles, leads, quotes and detail paragraphs.

Placeholders are filled by generator.py. Templates only name the program they belong to
(plus `also`), so the truth's `programs` list is exactly what the body text supports.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Spec:
    name: str
    also: tuple[str, ...]  # programs the templates also name ("Sambang" text says "patroli dialogis")
    weekday: int | None  # 4 = Friday (Jumat Curhat), 6 = Sunday (Minggu Kasih)
    windows: tuple[tuple[str, str], ...]  # ISO date ranges when such releases appear
    category: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    details: tuple[str, ...]
    quotes: tuple[str, ...]
    tags: tuple[str, ...] = field(default=())


ANY = (("2023-01-09", "2025-10-31"),)
PEMILU = (("2023-09-01", "2024-02-12"), ("2024-08-20", "2024-11-25"))

SPECS: tuple[Spec, ...] = (
    Spec("Jumat Curhat", (), 4, (("2023-01-06", "2025-10-31"),), "Binmas",
         ("Jumat Curhat, {kapolres_s} Dengarkan Keluhan Warga {desa}",
          "Gelar Jumat Curhat di {place}, {polres} Tampung Aspirasi Warga {kec}",
          "Lewat Jumat Curhat, {polsek} Ajak Warga {desa} Jaga Kamtibmas"),
         ("{dateline} {polres} kembali menggelar program Jumat Curhat di {place}, Desa {desa}, Kecamatan {kec}, {day}. Kegiatan yang dipimpin langsung oleh {head} {city} {kapolres} ini dihadiri sekitar {n} warga beserta perangkat desa dan tokoh masyarakat setempat.",
          "{dateline} Usai pelaksanaan salat Jumat, jajaran {polsek} {polres} menggelar kegiatan Jumat Curhat bersama jamaah di {place}, Desa {desa}, {day} siang."),
         ("Dalam sesi tanya jawab, warga menyampaikan berbagai persoalan, mulai dari penerangan jalan yang minim, aksi balap liar pada malam hari, hingga kekhawatiran terhadap peredaran minuman keras di kalangan remaja.",
          "Program Jumat Curhat merupakan wadah bagi masyarakat untuk menyampaikan keluhan, kritik maupun saran secara langsung kepada jajaran kepolisian. Setiap masukan dicatat dan ditindaklanjuti oleh fungsi terkait.",
          "Sejumlah keluhan yang disampaikan warga langsung dijawab di tempat. Untuk persoalan yang memerlukan koordinasi lintas sektor, pihak kepolisian berjanji akan membawanya ke rapat Forkopimca."),
         ("Jumat Curhat ini bukan sekadar seremonial. Kami ingin mendengar langsung apa yang dirasakan warga, karena masukan dari masyarakat adalah bahan evaluasi bagi kami untuk meningkatkan pelayanan",
          "Silakan sampaikan apa saja, baik keluhan soal pelayanan polisi maupun persoalan keamanan di lingkungan. Semua akan kami tindak lanjuti sesuai kewenangan"),
         ("Jumat Curhat", "Binmas")),
    Spec("Minggu Kasih", (), 6, (("2023-08-06", "2025-10-31"),), "Binmas",
         ("Minggu Kasih, {polres} Sapa Jemaat Gereja di {kec}",
          "Program Minggu Kasih, {kapolres_s} Serap Aspirasi Jemaat {desa}"),
         ("{dateline} {polres} melaksanakan program Minggu Kasih dengan mengunjungi jemaat {church}, Desa {desa}, Kecamatan {kec}, {day}. Kehadiran personel disambut hangat oleh pendeta dan majelis gereja.",),
         ("Usai ibadah, personel berdialog dengan jemaat mengenai situasi kamtibmas di lingkungan gereja, pengamanan kegiatan ibadah, serta pelayanan kepolisian seperti pembuatan SIM dan SKCK.",
          "Dalam kesempatan tersebut, pendeta setempat menyampaikan terima kasih atas perhatian kepolisian yang selama ini turut membantu pengamanan ibadah dan perayaan hari besar keagamaan."),
         ("Minggu Kasih adalah wujud kehadiran Polri di tengah umat. Kami ingin jemaat merasa aman beribadah dan tidak ragu menyampaikan keluhan kepada kami",),
         ("Minggu Kasih", "Gereja")),
    Spec("Sambang", ("Patroli Dialogis",), None, ANY, "Binmas",
         ("Sambang Warga {desa}, Bhabinkamtibmas Sampaikan Pesan Kamtibmas",
          "Bhabinkamtibmas {polsek} Sambang Warga dan Gelar Patroli Dialogis"),
         ("{dateline} Bhabinkamtibmas Desa {desa}, {polsek}, {bhabin} melaksanakan kegiatan sambang warga di Dusun {dusun}, Desa {desa}, Kecamatan {kec}, {day} {time}.",),
         ("Dalam kegiatan tersebut, {bhabin_s} juga melakukan patroli dialogis di sejumlah pos ronda dan tempat warga berkumpul. Ia mengingatkan warga agar mengaktifkan kembali ronda malam dan segera melapor bila melihat orang asing yang mencurigakan.",
          "Giat sambang ini menyasar pedagang, petani dan pemuda setempat. Selain menyampaikan pesan kamtibmas, Bhabinkamtibmas juga mencatat persoalan warga untuk dilaporkan kepada pimpinan."),
         ("Sambang ini kami lakukan rutin agar warga merasa dekat dengan polisi. Kalau ada masalah sekecil apa pun, jangan sungkan menghubungi Bhabinkamtibmas",),
         ("Sambang", "Bhabinkamtibmas")),
    Spec("Patroli Dialogis", (), None, ANY, "Samapta",
         ("Patroli Dialogis Sat Samapta {polres} Sasar Pusat Keramaian",
          "Cegah Gangguan Kamtibmas, {polsek} Intensifkan Patroli Dialogis"),
         ("{dateline} Personel Sat Samapta {polres} menggelar patroli dialogis di kawasan {market} dan sejumlah titik keramaian di Kecamatan {kec}, {day} {time}.",),
         ("Dalam patroli tersebut, petugas menyapa pedagang, juru parkir dan pengunjung sambil membagikan imbauan tertulis tentang pencegahan pencurian kendaraan bermotor dan penipuan daring.",
          "Patroli dialogis dilaksanakan dengan mengedepankan komunikasi humanis. Petugas berhenti di beberapa titik dan berbincang dengan warga mengenai situasi keamanan di lingkungan mereka."),
         ("Kami ingin kehadiran polisi dirasakan langsung oleh masyarakat. Patroli dialogis juga menjadi sarana menerima informasi awal dari warga",),
         ("Patroli Dialogis", "Samapta")),
    Spec("Patroli Gabungan", ("KRYD",), None, ANY, "Samapta",
         ("KRYD, {polres} Gelar Patroli Gabungan Bersama TNI dan Satpol PP",
          "Patroli Gabungan TNI-Polri Sisir Titik Rawan di {city}"),
         ("{dateline} Dalam rangka Kegiatan Rutin Yang Ditingkatkan (KRYD), {polres} bersama Kodim, Satpol PP dan Dinas Perhubungan menggelar patroli gabungan, {day} malam {time}.",),
         ("Patroli gabungan menyasar sejumlah lokasi yang dinilai rawan, seperti kawasan pertokoan, jalan protokol, tempat hiburan malam dan lokasi yang kerap dijadikan ajang balap liar.",
          "Sebelum bergerak, seluruh personel mengikuti apel di halaman Mapolres {city}. Kabag Ops {kabagops} memberikan arahan agar petugas bertindak tegas namun tetap humanis."),
         ("Patroli gabungan ini menunjukkan sinergitas TNI-Polri dan pemerintah daerah. Kami pastikan wilayah {city} tetap aman dan kondusif",),
         ("Patroli Gabungan", "KRYD")),
    Spec("KRYD", (), None, ANY, "Samapta",
         ("Gelar KRYD, {polres} Amankan Puluhan Botol Miras",
          "KRYD, {polres} Sasar Balap Liar dan Knalpot Brong"),
         ("{dateline} Jajaran {polres} menggelar Kegiatan Rutin Yang Ditingkatkan (KRYD) di sejumlah titik di wilayah {area}, {day} malam hingga dini hari.",),
         ("Dari kegiatan tersebut, petugas mengamankan {n} botol minuman keras berbagai merek serta belasan sepeda motor berknalpot brong yang tidak sesuai spesifikasi teknis.",
          "KRYD difokuskan pada pencegahan kejahatan jalanan, penyakit masyarakat dan gangguan ketertiban umum. Para pemilik kendaraan yang terjaring diberikan teguran dan pembinaan."),
         ("KRYD akan terus kami laksanakan secara rutin untuk menekan angka kriminalitas dan memberikan rasa aman kepada masyarakat",),
         ("KRYD", "Miras")),
    Spec("Cooling System", (), None, PEMILU, "Pemilu",
         ("Cooling System, {polres} Ajak Tokoh Agama Jaga Kondusifitas {event}",
          "Cooling System Jelang {event}, Bhabinkamtibmas {polsek} Sambangi Tokoh Masyarakat"),
         ("{dateline} Menjelang pelaksanaan {event}, {polres} terus menggencarkan kegiatan cooling system dengan merangkul tokoh agama, tokoh masyarakat dan tokoh pemuda di wilayah {area}, {day}.",),
         ("Cooling system dilakukan untuk mendinginkan suhu politik agar perbedaan pilihan tidak memicu gesekan di tengah masyarakat. Warga juga diajak tidak mudah terprovokasi berita bohong di media sosial.",
          "Dalam pertemuan tersebut, para tokoh sepakat menolak politik uang, ujaran kebencian dan politisasi SARA yang dapat memecah belah persatuan warga."),
         ("Perbedaan pilihan itu wajar dalam demokrasi. Yang terpenting, persaudaraan tetap dijaga dan jangan sampai terpecah hanya karena beda pilihan",),
         ("Cooling System", "Pilkada 2024")),
    Spec("Polisi RW", (), None, (("2023-01-09", "2025-10-31"),), "Binmas",
         ("Program Polisi RW, {polres} Hadirkan Petugas di Setiap Rukun Warga",
          "Polisi RW {polsek} Bantu Selesaikan Sengketa Warga Secara Kekeluargaan"),
         ("{dateline} Program Polisi RW yang digagas {polres} mulai dirasakan manfaatnya oleh warga RW {rw}, Desa {desa}, Kecamatan {kec}. Petugas yang ditunjuk menjadi penghubung antara warga dan kepolisian.",),
         ("Polisi RW bertugas menampung keluhan warga, membantu penyelesaian perselisihan ringan melalui musyawarah, serta memberikan edukasi tentang pencegahan kejahatan di lingkungan permukiman.",
          "Warga dapat menghubungi Polisi RW melalui grup percakapan yang dibentuk bersama pengurus RW, sehingga informasi gangguan keamanan dapat diterima lebih cepat."),
         ("Dengan Polisi RW, tidak ada lagi jarak antara polisi dan warga. Setiap RW punya petugas yang bisa langsung dihubungi",),
         ("Polisi RW",)),
    Spec("Police Goes to School", (), None, (("2023-01-09", "2025-10-31"),), "Binmas",
         ("Police Goes to School, Satbinmas {polres} Edukasi Pelajar Bahaya Narkoba",
          "Sat Lantas {polres} Gelar Police Goes to School di {school}"),
         ("{dateline} Satbinmas {polres} menggelar kegiatan Police Goes to School di {school}, Kecamatan {kec}, {day}. Kegiatan diikuti ratusan pelajar bersama dewan guru.",),
         ("Dalam kegiatan tersebut, petugas memberikan materi tentang bahaya narkoba, perundungan, kenakalan remaja dan tertib berlalu lintas. Para siswa juga diajak berdialog dan diberi kesempatan bertanya.",
          "Kepala sekolah menyambut baik kegiatan tersebut dan berharap kunjungan serupa dilakukan secara berkala agar siswa memahami aturan hukum sejak dini."),
         ("Pelajar adalah generasi penerus bangsa. Melalui Police Goes to School kami ingin menanamkan kesadaran hukum dan menjauhkan mereka dari narkoba serta tawuran",),
         ("Police Goes to School", "Pelajar")),
    Spec("Operasi Ketupat", (), None, (("2023-04-18", "2023-05-01"), ("2024-04-04", "2024-04-16"), ("2025-03-23", "2025-04-08")), "Lalu Lintas",
         ("{op}, {polres} Dirikan Pos Pengamanan di Jalur Mudik",
          "Arus Balik {op}, {polres} Siagakan Personel di {market}"),
         ("{dateline} Dalam rangka {op}, {polres} mendirikan pos pengamanan dan pos pelayanan di sejumlah titik jalur mudik di wilayah {area}, {day}.",),
         ("Pos pengamanan dilengkapi tenaga kesehatan, tempat istirahat bagi pemudik serta personel gabungan dari TNI, Dinas Perhubungan dan relawan. Petugas juga melakukan pengaturan arus lalu lintas di simpul-simpul kemacetan.",
          "Menurut data posko, arus kendaraan pada H-3 hingga H+2 Lebaran meningkat signifikan dibandingkan hari biasa, namun secara umum tetap terpantau ramai lancar."),
         ("Kami mengimbau pemudik beristirahat bila lelah, karena kelelahan menjadi salah satu penyebab kecelakaan. Manfaatkan pos pelayanan yang kami sediakan",),
         ("Operasi Ketupat", "Mudik Lebaran")),
    Spec("Operasi Zebra", (), None, (("2023-09-04", "2023-09-17"), ("2024-10-14", "2024-10-27"), ("2025-11-17", "2025-11-30")), "Lalu Lintas",
         ("{op}, Sat Lantas {polres} Sasar Pengendara Tanpa Helm",
          "Hari Pertama {op}, {polres} Utamakan Teguran Simpatik"),
         ("{dateline} Sat Lantas {polres} menggelar {op} di sejumlah ruas jalan di wilayah {area}, {day} {time}. Operasi ini dipimpin langsung Kasat Lantas {kasatlantas}.",),
         ("Sasaran operasi meliputi pengendara yang tidak memakai helm, melawan arus, menggunakan ponsel saat berkendara, pengemudi di bawah umur serta kendaraan yang tidak dilengkapi surat-surat.",
          "Selama operasi, petugas mengedepankan tindakan preemtif dan preventif berupa teguran dan edukasi, sementara penindakan dilakukan melalui tilang elektronik (ETLE)."),
         ("Tujuan operasi ini bukan mencari kesalahan, tetapi meningkatkan kesadaran masyarakat untuk tertib berlalu lintas demi keselamatan bersama",),
         ("Operasi Zebra", "Lalu Lintas")),
    Spec("Operasi Lilin", (), None, (("2023-12-22", "2024-01-02"), ("2024-12-21", "2025-01-02")), "Lalu Lintas",
         ("{op}, {polres} Amankan Ibadah Natal di {kec}",
          "Malam Tahun Baru, Personel {op} Siaga di Titik Keramaian {city}"),
         ("{dateline} Personel {polres} yang tergabung dalam {op} melaksanakan pengamanan ibadah Natal di sejumlah gereja di Kecamatan {kec}, {day}.",),
         ("Sebelum ibadah dimulai, tim gegana dan anjing pelacak melakukan sterilisasi di area gereja. Personel berseragam dan berpakaian preman ditempatkan di pintu masuk dan area parkir.",
          "Selain pengamanan gereja, petugas juga menyiagakan pos pengamanan di pusat perbelanjaan dan objek wisata yang diperkirakan ramai dikunjungi selama libur Natal dan Tahun Baru."),
         ("Kami pastikan umat dapat beribadah dengan aman dan khidmat. Masyarakat yang merayakan tahun baru juga kami imbau tidak menyalakan petasan dan tidak konvoi",),
         ("Operasi Lilin", "Natal")),
    Spec("Operasi Patuh", (), None, (("2023-07-10", "2023-07-23"), ("2024-07-15", "2024-07-28"), ("2025-07-14", "2025-07-27")), "Lalu Lintas",
         ("{op}, Sat Lantas {polres} Bagikan Helm kepada Pengendara",
          "Sat Lantas {polres} Gelar Sosialisasi {op} di {market}"),
         ("{dateline} Mengawali {op}, Sat Lantas {polres} menggelar sosialisasi tertib lalu lintas kepada pengendara di simpang {market}, {day} {time}.",),
         ("Selain membagikan brosur, petugas juga memberikan helm gratis kepada pengendara yang kedapatan tidak menggunakan helm sebagai bentuk edukasi yang humanis.",),
         ("Kami ingin menumbuhkan kesadaran bahwa helm dan sabuk keselamatan itu untuk melindungi diri sendiri, bukan karena takut ditilang",),
         ("Operasi Patuh", "Lalu Lintas")),
    Spec("Jumat Berkah", (), 4, (("2023-01-06", "2025-10-31"),), "Sosial",
         ("Jumat Berkah, {polres} Bagikan Sembako untuk Warga Kurang Mampu",
          "Berbagi di Jumat Berkah, Polwan {polres} Sambangi Lansia di {desa}"),
         ("{dateline} {polres} menggelar kegiatan Jumat Berkah dengan membagikan paket sembako kepada warga kurang mampu di Desa {desa}, Kecamatan {kec}, {day}.",),
         ("Paket sembako berisi beras, minyak goreng, gula dan mi instan diserahkan langsung kepada para lansia, janda dan warga yang terdampak kesulitan ekonomi.",),
         ("Semoga bantuan ini dapat sedikit meringankan beban warga. Jumat Berkah adalah wujud kepedulian Polri kepada masyarakat",),
         ("Jumat Berkah", "Bakti Sosial")),
    Spec("Binmas Noken", (), None, ANY, "Binmas",
         ("Binmas Noken {polres} Ajar Anak-anak {desa} Membaca dan Menulis",),
         ("{dateline} Satgas Binmas Noken {polres} menggelar kegiatan belajar bersama anak-anak di {desa}, Distrik {kec}, {day}. Kegiatan ini diikuti puluhan anak usia sekolah dasar.",),
         ("Selain belajar membaca dan menulis, anak-anak juga diajak bernyanyi lagu nasional dan diberikan makanan bergizi serta perlengkapan sekolah.",),
         ("Binmas Noken hadir untuk membantu generasi muda Papua agar memiliki masa depan yang lebih baik",),
         ("Binmas Noken", "Papua")),
)

SPEC_BY_NAME = {s.name: s for s in SPECS}

# Programs that some templates (not all of a spec's) name in passing, keyed by the phrase that
# names them: the truth adds the program when the generated title or text holds the phrase.
# "Sambangi Tokoh Masyarakat" / "Polwan ... Sambangi Lansia" are sambang visits (affixed forms
# count); Operasi Lilin leads report "pengamanan ibadah Natal" (securing worship services).
TEXT_ALSO: tuple[tuple[str, str], ...] = (
    ("Sambangi", "Sambang"),
    ("pengamanan ibadah Natal", "Pengamanan Ibadah"),
)

# Shared paragraphs: kamtibmas talk that any release carries. They name no program.
GENERIC: tuple[str, ...] = (
    "Ia menambahkan, menjaga keamanan dan ketertiban masyarakat bukan hanya tugas kepolisian semata, melainkan tanggung jawab bersama seluruh elemen masyarakat. Karena itu, sinergi antara aparat, pemerintah desa dan warga harus terus diperkuat.",
    "Pihaknya juga mengimbau warga untuk segera melapor melalui layanan darurat 110 apabila mengetahui adanya tindak kejahatan atau gangguan kamtibmas di lingkungannya. Layanan tersebut dapat diakses gratis selama 24 jam.",
    "Kegiatan serupa, lanjutnya, akan terus dilaksanakan secara berkelanjutan di seluruh wilayah hukum {polres} dengan melibatkan Polsek jajaran.",
    "Sejumlah warga yang hadir mengaku senang dengan kegiatan tersebut. Menurut mereka, kehadiran polisi di tengah masyarakat membuat warga merasa lebih aman dan nyaman dalam beraktivitas.",
    "Kegiatan berlangsung hingga {end} dalam keadaan aman, tertib dan lancar.",
    "Selain itu, petugas juga mengingatkan warga tentang maraknya modus penipuan melalui pesan berantai dan tautan palsu di media sosial. Warga diminta tidak mudah memberikan data pribadi kepada pihak yang tidak dikenal.",
    "Dalam kesempatan yang sama, {babinsa} selaku Babinsa Koramil {kec} turut hadir dan menyampaikan dukungan TNI terhadap upaya menjaga situasi wilayah tetap kondusif.",
    "Ia berharap masyarakat dapat menjadi polisi bagi dirinya sendiri, dengan meningkatkan kewaspadaan terhadap lingkungan sekitar, mengunci ganda kendaraan dan tidak meninggalkan rumah dalam keadaan kosong tanpa pengawasan.",
    "Kapolsek {kec} {kapolsek} menyebutkan, seluruh personel polsek telah diperintahkan untuk aktif turun ke lapangan dan menjalin komunikasi yang baik dengan masyarakat.",
    "Menurutnya, pendekatan humanis terbukti efektif mencegah gangguan kamtibmas sejak dini. Persoalan yang muncul di tengah warga dapat segera diselesaikan sebelum berkembang menjadi masalah yang lebih besar.",
    "{resident_role} {desa}, {resident}, mengapresiasi langkah kepolisian tersebut. \"Kami merasa diperhatikan. Semoga kegiatan seperti ini rutin dilakukan,\" ujarnya.",
    "Kabid Humas {polda} {kabidhumas} secara terpisah membenarkan kegiatan tersebut dan menyebut langkah jajaran {polres} sejalan dengan arahan pimpinan agar Polri semakin dekat dengan masyarakat.",
)
