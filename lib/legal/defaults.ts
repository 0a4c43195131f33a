import type { LegalTextKind } from "@/db/schema";

/**
 * Version 1 of each legal text, written the first time a text is read (lib/legal/texts.ts). They follow
 * the Mesafeli Sözleşmeler Yönetmeliği (pre-information: art. 5; contract: art. 6–18) and the KVKK's
 * aydınlatma yükümlülüğü (art. 10). Syntax: lib/legal/render.ts.
 */
export const DEFAULT_LEGAL_TEXTS: Record<LegalTextKind, string> = {
  pre_information: `## ÖN BİLGİLENDİRME FORMU

6502 sayılı Tüketicinin Korunması Hakkında Kanun ve Mesafeli Sözleşmeler Yönetmeliği uyarınca, siparişinizi vermeden önce aşağıdaki bilgileri okumanız gerekir.

## 1. Satıcı
Unvan: {{seller.legalName}}
Adres: {{seller.address}}
Vergi dairesi / VKN: {{seller.taxOffice}} / {{seller.taxNumber}}
MERSİS no: {{seller.mersisNo}}
Telefon: {{seller.phone}}
E-posta: {{seller.email}}
KEP adresi: {{seller.kepAddress}}

## 2. Alıcı
Ad soyad: {{buyer.name}}
Adres: {{buyer.address}}
Telefon: {{buyer.phone}}
E-posta: {{buyer.email}}

## 3. Sözleşme konusu mal ve hizmetler
Malların temel nitelikleri, adetleri ve vergiler dahil satış fiyatları:

{{items}}

{{totals}}

## 4. Ödeme ve teslimat
Ödeme şekli: {{payment.method}}
Teslimat adresi: {{delivery.address}}
Fatura adresi: {{billing.address}}
Teslimat şekli: {{delivery.method}}
Teslim süresi: {{delivery.time}}. Bu süre yasal 30 günlük süreyi aşamaz.
Kargo ücreti yukarıdaki toplama dahildir ve alıcıya aittir.

## 5. Cayma hakkı
Alıcı, malı teslim aldığı günden itibaren 14 (on dört) gün içinde hiçbir gerekçe göstermeksizin ve cezai şart ödemeksizin sözleşmeden cayma hakkına sahiptir. Birden fazla mal tek siparişle alınıp ayrı ayrı teslim edilmişse süre, son malın teslim alındığı gün başlar.

Cayma hakkını kullanmak için süresi içinde satıcıya yazılı olarak ya da kalıcı veri saklayıcısıyla bildirimde bulunmanız yeterlidir: {{seller.email}} adresine e-posta gönderebilir, {{seller.phone}} numarasını arayabilir veya iade talebini {{returns.url}} adresinden sipariş sayfanız üzerinden oluşturabilirsiniz. Size bir iade numarası ve iade kargo kodu verilir.

Satıcı, cayma bildiriminin kendisine ulaştığı tarihten itibaren 14 gün içinde, malın teslim masrafları dahil tahsil edilen tüm bedeli, ödemede kullanılan araçla ve alıcıya masraf çıkarmadan iade eder. Alıcı, cayma bildiriminden itibaren 10 gün içinde malı satıcıya geri gönderir; mal, satıcının anlaştığı kargo ile gönderildiğinde iade masrafı satıcıya aittir.

## 6. Cayma hakkının kullanılamayacağı haller
- Tüketicinin istekleri veya kişisel ihtiyaçları doğrultusunda hazırlanan mallar,
- Çabuk bozulabilen veya son kullanma tarihi geçebilecek mallar,
- Tesliminden sonra ambalajı açılmış olan ve iadesi sağlık ve hijyen açısından uygun olmayan mallar,
- Tesliminden sonra başka ürünlerle karışan ve doğası gereği ayrıştırılması mümkün olmayan mallar,
- Ambalajı açılmış ses veya görüntü kayıtları, yazılım programları ve bilgisayar sarf malzemeleri,
- Abonelik sözleşmesi kapsamında sağlananlar dışında gazete ve dergi gibi süreli yayınlar,
- Elektronik ortamda anında ifa edilen hizmetler ve tüketiciye anında teslim edilen gayri maddi mallar.

## 7. Şikâyet ve itirazlar
Şikâyetlerinizi {{seller.email}} adresine iletebilirsiniz. Uyuşmazlıklarda, Ticaret Bakanlığınca her yıl ilan edilen parasal sınırlar dahilinde tüketicinin yerleşim yerindeki veya işlemin yapıldığı yerdeki Tüketici Hakem Heyetine, bu sınırları aşan durumlarda Tüketici Mahkemesine başvurulabilir.

Sipariş tarihi: {{order.date}}`,

  distance_contract: `## MESAFELİ SATIŞ SÖZLEŞMESİ

## Madde 1 – Taraflar
SATICI: {{seller.legalName}}, {{seller.address}}, Vergi dairesi / VKN: {{seller.taxOffice}} / {{seller.taxNumber}}, MERSİS: {{seller.mersisNo}}, Telefon: {{seller.phone}}, E-posta: {{seller.email}}, KEP: {{seller.kepAddress}}

ALICI: {{buyer.name}}, {{buyer.address}}, Telefon: {{buyer.phone}}, E-posta: {{buyer.email}}

## Madde 2 – Konu
Bu sözleşmenin konusu, ALICI'nın SATICI'ya ait internet mağazasından elektronik ortamda siparişini verdiği, aşağıda nitelikleri ve satış fiyatı belirtilen malların satışı ve teslimi ile ilgili olarak 6502 sayılı Tüketicinin Korunması Hakkında Kanun ve Mesafeli Sözleşmeler Yönetmeliği hükümleri gereğince tarafların hak ve yükümlülüklerinin belirlenmesidir.

## Madde 3 – Sözleşme konusu mallar
Sipariş no: {{order.no}}
Sipariş tarihi: {{order.date}}

{{items}}

{{totals}}

Ödeme şekli: {{payment.method}}
Teslimat adresi: {{delivery.address}}
Fatura adresi: {{billing.address}}
Teslimat şekli ve süresi: {{delivery.method}}, {{delivery.time}}

## Madde 4 – Genel hükümler
ALICI, sözleşme konusu malın temel nitelikleri, satış fiyatı, ödeme şekli ve teslimata ilişkin ön bilgileri okuyup bilgi sahibi olduğunu ve elektronik ortamda gerekli teyidi verdiğini kabul eder. SATICI, malı siparişte belirtilen niteliklere uygun, sağlam ve eksiksiz olarak, yasal 30 günlük süreyi aşmamak koşuluyla teslim eder. Mal, ALICI'dan başka bir kişiye teslim edilecekse teslim alan kişinin teslimi kabul etmemesinden SATICI sorumlu tutulamaz.

## Madde 5 – Cayma hakkı
ALICI, malın kendisine veya gösterdiği kişiye teslim edildiği günden itibaren 14 gün içinde hiçbir gerekçe göstermeksizin ve cezai şart ödemeksizin sözleşmeden cayabilir. Cayma bildirimi {{seller.email}} adresine e-postayla, {{seller.phone}} numarasından ya da {{returns.url}} adresinden sipariş sayfası üzerinden iade talebi oluşturularak yapılır. SATICI, bildirimin ulaşmasından itibaren 14 gün içinde tahsil edilen tüm bedeli ödemede kullanılan araçla iade eder; ALICI malı 10 gün içinde geri gönderir.

## Madde 6 – Cayma hakkının istisnaları
Mesafeli Sözleşmeler Yönetmeliği'nin 15. maddesinde sayılan haller (kişiye özel hazırlanan, çabuk bozulabilen, ambalajı açıldığında sağlık ve hijyen açısından iadesi uygun olmayan mallar ile ambalajı açılmış yazılım ve dijital içerikler dahil) cayma hakkının kapsamı dışındadır.

## Madde 7 – Uyuşmazlıkların çözümü
Bu sözleşmeden doğan uyuşmazlıklarda Ticaret Bakanlığınca ilan edilen parasal sınırlar dahilinde Tüketici Hakem Heyetleri, bu sınırları aşan durumlarda Tüketici Mahkemeleri yetkilidir.

## Madde 8 – Yürürlük
ALICI, siparişi onaylamadan önce bu sözleşmeyi ve ön bilgilendirme formunu okuyup kabul ettiğini beyan eder. Sözleşme, siparişin verilmesiyle yürürlüğe girer ve bir kopyası ALICI'ya e-postayla gönderilir.`,

  privacy: `## KİŞİSEL VERİLERİN KORUNMASI HAKKINDA AYDINLATMA METNİ

6698 sayılı Kişisel Verilerin Korunması Kanunu ("KVKK") uyarınca veri sorumlusu sıfatıyla {{seller.legalName}} ({{seller.address}}) olarak kişisel verilerinizi aşağıda açıklanan amaçlarla ve hukuka uygun olarak işliyoruz.

## İşlenen kişisel veriler
- Kimlik ve iletişim bilgileri: ad soyad, e-posta adresi, telefon numarası, teslimat ve fatura adresleri,
- Müşteri işlem bilgileri: siparişler, ödeme yöntemi, iade ve şikâyet kayıtları,
- İşlem güvenliği bilgileri: IP adresi, oturum kayıtları. Kart bilgileriniz mağazamıza ulaşmaz; ödeme kuruluşu tarafından işlenir.

## İşleme amaçları ve hukuki sebepler
Verileriniz; sözleşmenin kurulması ve ifası (KVKK m. 5/2-c), siparişinizin teslimi, faturalandırma ve yasal saklama yükümlülükleri (m. 5/2-ç), hukuki taleplerin yönetimi (m. 5/2-e) ve meşru menfaatimiz kapsamında işlem güvenliği (m. 5/2-f) amaçlarıyla işlenir. Pazarlama iletileri yalnızca açık rızanızla gönderilir.

## Aktarım
Verileriniz, yalnızca bu amaçlar için gerekli olduğu ölçüde kargo firmalarına, ödeme kuruluşlarına, e-fatura/e-arşiv hizmet sağlayıcılarına ve talep halinde yetkili kamu kurumlarına aktarılır.

## Saklama süresi
Sipariş ve fatura kayıtları, Vergi Usul Kanunu ve Türk Ticaret Kanunu gereği 10 yıl saklanır; diğer veriler amacın sona ermesiyle silinir veya anonim hale getirilir.

## Haklarınız
KVKK'nın 11. maddesi uyarınca kişisel verilerinizin işlenip işlenmediğini öğrenme, bilgi talep etme, düzeltilmesini, silinmesini veya yok edilmesini isteme ve işlemeye itiraz etme haklarına sahipsiniz. Hesabınızdaki verileri hesap sayfanızdan indirebilir veya hesabınızı silebilirsiniz. Başvurularınızı {{seller.email}} adresine ya da {{seller.kepAddress}} KEP adresine iletebilirsiniz.`,
};
